using System.Security.Cryptography;
using System.Text.Json;
using Annotate.Core.Export;
using Annotate.Core.Export.Formats;
using Annotate.Core.Tests.TestSupport;
using Parquet.Serialization;
using YamlDotNet.Serialization;

namespace Annotate.Core.Tests.Export;

/// <summary>Every format written, then read back with an independent reader and compared with what went in.</summary>
public class FormatRoundTripTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public static TheoryData<bool> LabelKinds => [false, true];

    [Theory]
    [MemberData(nameof(LabelKinds))]
    public async Task JsonlReadsBackAsWritten(bool multiLabel)
    {
        var dataset = Dataset(multiLabel);
        var sink = new MemorySink();

        var files = await new JsonlFormat().WriteAsync(dataset, sink, ExportFormatOptions.Default, Token);

        Assert.Equal(["train.jsonl", "validation.jsonl", "test.jsonl"], files.Select(f => f.Path));
        foreach (var split in dataset.Splits)
        {
            AssertJsonLines(dataset, split, sink.Text(split.Name.ToFileName() + ".jsonl"));
        }
        AssertFilesDescribed(files, sink);
    }

    [Theory]
    [MemberData(nameof(LabelKinds))]
    public async Task CsvReadsBackAsWritten(bool multiLabel)
    {
        var dataset = Dataset(multiLabel);
        var sink = new MemorySink();

        var files = await new CsvFormat().WriteAsync(dataset, sink, ExportFormatOptions.Default, Token);

        foreach (var split in dataset.Splits)
        {
            var text = sink.Text(split.Name.ToFileName() + ".csv");
            Assert.DoesNotContain("\r\n", text.Replace("line two\r\nline three", "", StringComparison.Ordinal));
            var rows = SharedDatasets.ParseCsv(text);
            Assert.Equal(dataset.Columns.Select(c => c.Name), rows[0]);
            Assert.Equal(split.Items.Count, rows.Count - 1);
            for (var r = 0; r < split.Items.Count; r++)
            {
                for (var c = 0; c < dataset.Columns.Count; c++)
                {
                    var expected = ExportFixture.Expected(split.Items[r], dataset.Columns[c]);
                    var cell = rows[r + 1][c];
                    if (expected is IReadOnlyList<string> labels)
                    {
                        // A label contains '|', so the list is written as a JSON array.
                        Assert.Equal(labels, JsonSerializer.Deserialize<string[]>(cell));
                    }
                    else
                    {
                        Assert.Equal((string?)expected ?? "", cell);
                    }
                }
            }
        }
        AssertFilesDescribed(files, sink);
    }

    [Theory]
    [MemberData(nameof(LabelKinds))]
    public async Task ParquetReadsBackWithParquetNet(bool multiLabel)
    {
        var dataset = Dataset(multiLabel);
        var sink = new MemorySink();

        var files = await new ParquetFormat().WriteAsync(dataset, sink, ExportFormatOptions.Default, Token);

        foreach (var split in dataset.Splits)
        {
            using var stream = new MemoryStream(sink.Bytes(split.Name.ToFileName() + ".parquet"));
            var result = await ParquetSerializer.DeserializeUntypedAsync(stream, cancellationToken: Token);
            Assert.Equal(dataset.Columns.Select(c => c.Name), result.Schema.Fields.Select(f => f.Name));
            Assert.Equal(split.Items.Count, result.Data.Count);
            for (var r = 0; r < split.Items.Count; r++)
            {
                foreach (var column in dataset.Columns)
                {
                    var expected = ExportFixture.Expected(split.Items[r], column);
                    var actual = result.Data[r].GetValueOrDefault(column.Name);
                    if (expected is IReadOnlyList<string> { Count: 0 })
                    {
                        // Parquet.Net's untyped reader leaves an empty list out of the row, as it does a null.
                        Assert.True(actual is null || !((System.Collections.IEnumerable)actual).Cast<object>().Any());
                    }
                    else if (expected is IReadOnlyList<string> labels)
                    {
                        Assert.Equal(labels, ((System.Collections.IEnumerable)actual!).Cast<object>().Select(o => o.ToString()));
                    }
                    else
                    {
                        Assert.Equal(expected, actual?.ToString());
                    }
                }
            }
        }
        AssertFilesDescribed(files, sink);
    }

    [Theory]
    [MemberData(nameof(LabelKinds))]
    public async Task HuggingFaceFolderHasTheSplitsAndACardWhoseYamlNamesThem(bool multiLabel)
    {
        var dataset = Dataset(multiLabel);
        var sink = new MemorySink();

        var files = await new HuggingFaceFormat().WriteAsync(dataset, sink, ExportFormatOptions.Default with { DatasetName = "it's: a \"test\" | set" }, Token);

        Assert.Equal(["data/train.jsonl", "data/validation.jsonl", "data/test.jsonl", "README.md"], files.Select(f => f.Path));
        foreach (var split in dataset.Splits)
        {
            AssertJsonLines(dataset, split, sink.Text("data/" + split.Name.ToFileName() + ".jsonl"));
        }
        var card = sink.Text("README.md");
        Assert.StartsWith("---\n", card);
        var yaml = card[4..card.IndexOf("\n---\n", 4, StringComparison.Ordinal)];
        var front = new DeserializerBuilder().Build().Deserialize<Dictionary<string, object>>(yaml);

        Assert.Equal("it's: a \"test\" | set", front["pretty_name"]);
        var config = (Dictionary<object, object>)((List<object>)front["configs"])[0];
        var dataFiles = ((List<object>)config["data_files"]).Cast<Dictionary<object, object>>().ToList();
        Assert.Equal(["train", "validation", "test"], dataFiles.Select(d => d["split"]));
        Assert.Equal(files.Take(3).Select(f => f.Path), dataFiles.Select(d => d["path"]));
        var info = (Dictionary<object, object>)front["dataset_info"];
        var features = ((List<object>)info["features"]).Cast<Dictionary<object, object>>().ToList();
        Assert.Equal(dataset.Columns.Select(c => c.Name), features.Select(f => f["name"]));
        Assert.Equal(multiLabel ? "string" : null, features.Single(f => (string)f["name"] is "label" or "labels").GetValueOrDefault("sequence"));
        var splits = ((List<object>)info["splits"]).Cast<Dictionary<object, object>>().ToList();
        Assert.Equal(dataset.Splits.Select(s => s.Items.Count.ToString()), splits.Select(s => s["num_examples"]));
        AssertFilesDescribed(files, sink);
    }

    [Fact]
    public async Task OpenAiChatLinesHaveTheDocumentedMessageShape()
    {
        var dataset = Dataset(multiLabel: false);
        var sink = new MemorySink();
        var options = ExportFormatOptions.Default with
        {
            Chat = new ChatTemplate(
                PromptTemplate.Parse("Label the message as one of {label_names}. {{literal braces}}"),
                PromptTemplate.Parse("From {source}: {text}"),
                PromptTemplate.Parse("{label}")),
        };

        await new OpenAiChatFormat().WriteAsync(dataset, sink, options, Token);

        foreach (var split in dataset.Splits)
        {
            var lines = Lines(sink.Text(split.Name.ToFileName() + ".jsonl"));
            Assert.Equal(split.Items.Count, lines.Count);
            for (var i = 0; i < lines.Count; i++)
            {
                using var line = JsonDocument.Parse(lines[i]);
                // The fine-tuning file format: an object whose only key is "messages", a list of {role, content}
                // with roles system/user/assistant, ending with the assistant's answer.
                var root = line.RootElement;
                Assert.Equal(["messages"], root.EnumerateObject().Select(p => p.Name));
                var messages = root.GetProperty("messages").EnumerateArray().ToList();
                Assert.All(messages, m =>
                {
                    Assert.Equal(["role", "content"], m.EnumerateObject().Select(p => p.Name));
                    Assert.Contains(m.GetProperty("role").GetString(), new[] { "system", "user", "assistant" });
                    Assert.Equal(JsonValueKind.String, m.GetProperty("content").ValueKind);
                });
                Assert.Equal(["system", "user", "assistant"], messages.Select(m => m.GetProperty("role").GetString()));
                var item = split.Items[i];
                Assert.Equal("Label the message as one of ham, spam, spam, eggs. {literal braces}", messages[0].GetProperty("content").GetString());
                Assert.Equal($"From {item.Record.Metadata["source"]}: {item.Record.Text}", messages[1].GetProperty("content").GetString());
                Assert.Equal(item.Record.Labels[0], messages[2].GetProperty("content").GetString());
            }
        }
    }

    [Fact]
    public async Task AnEmptySystemTemplateLeavesTheSystemMessageOut()
    {
        var dataset = Dataset(multiLabel: false);
        var sink = new MemorySink();
        var options = ExportFormatOptions.Default with { Chat = ChatTemplate.Default with { System = PromptTemplate.Parse("") } };

        await new OpenAiChatFormat().WriteAsync(dataset, sink, options, Token);

        using var line = JsonDocument.Parse(Lines(sink.Text("train.jsonl"))[0]);
        Assert.Equal(["user", "assistant"], line.RootElement.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("role").GetString()));
    }

    [Fact]
    public async Task ATemplateNamingAnUnknownFieldFailsBeforeWriting()
    {
        var dataset = Dataset(multiLabel: false);
        var sink = new MemorySink();
        var options = ExportFormatOptions.Default with { Chat = ChatTemplate.Default with { User = PromptTemplate.Parse("{txt}") } };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => new OpenAiChatFormat().WriteAsync(dataset, sink, options, Token));

        Assert.Contains("{txt}", error.Message);
        Assert.Contains("{text}", error.Message);
        Assert.Empty(sink.Paths);
    }

    [Fact]
    public async Task AlpacaIsAJsonArrayOfInstructionInputOutput()
    {
        var dataset = Dataset(multiLabel: true);
        var sink = new MemorySink();

        await new AlpacaFormat().WriteAsync(dataset, sink, ExportFormatOptions.Default, Token);

        foreach (var split in dataset.Splits)
        {
            using var document = JsonDocument.Parse(sink.Text(split.Name.ToFileName() + ".json"));
            var records = document.RootElement.EnumerateArray().ToList();
            Assert.Equal(split.Items.Count, records.Count);
            for (var i = 0; i < records.Count; i++)
            {
                Assert.Equal(["instruction", "input", "output"], records[i].EnumerateObject().Select(p => p.Name));
                Assert.Equal("Classify the text. Answer with one of: " + string.Join(", ", dataset.Classes) + ".", records[i].GetProperty("instruction").GetString());
                Assert.Equal(split.Items[i].Record.Text, records[i].GetProperty("input").GetString());
                Assert.Equal(string.Join(", ", split.Items[i].Record.Labels), records[i].GetProperty("output").GetString());
            }
        }
    }

    [Fact]
    public async Task PreferencePairsCarryPromptChosenAndRejected()
    {
        var records = Enumerable.Range(0, 30).Select(i => new SplitRecord($"p{i}", $"question {i}", [i % 2 == 0 ? "a" : "b"])
        {
            Metadata = new Dictionary<string, string?> { ["prompt"] = $"question {i}", ["chosen"] = $"good answer {i}", ["rejected"] = $"bad answer {i}" },
        }).ToList();
        var dataset = ExportFixture.Dataset(records);
        var sink = new MemorySink();

        await new PreferenceFormat().WriteAsync(dataset, sink, ExportFormatOptions.Default, Token);

        foreach (var split in dataset.Splits)
        {
            var lines = Lines(sink.Text(split.Name.ToFileName() + ".jsonl"));
            Assert.Equal(split.Items.Count, lines.Count);
            for (var i = 0; i < lines.Count; i++)
            {
                var pair = JsonSerializer.Deserialize<Dictionary<string, string>>(lines[i])!;
                var metadata = split.Items[i].Record.Metadata;
                Assert.Equal(new Dictionary<string, string> { ["prompt"] = metadata["prompt"]!, ["chosen"] = metadata["chosen"]!, ["rejected"] = metadata["rejected"]! }, pair);
            }
        }
    }

    [Fact]
    public async Task PreferencePairsNameTheItemThatLacksAField()
    {
        var dataset = Dataset(multiLabel: false);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => new PreferenceFormat().WriteAsync(dataset, new MemorySink(), ExportFormatOptions.Default, Token));

        Assert.Contains("'prompt'", error.Message);
        Assert.Contains("item '", error.Message);
    }

    [Theory]
    [MemberData(nameof(LabelKinds))]
    public async Task LabelStudioTasksCarryTheTextAndTheLabelsAsChoices(bool multiLabel)
    {
        var dataset = Dataset(multiLabel);
        var sink = new MemorySink();

        await new LabelStudioFormat().WriteAsync(dataset, sink, ExportFormatOptions.Default, Token);

        foreach (var split in dataset.Splits)
        {
            using var document = JsonDocument.Parse(sink.Text(split.Name.ToFileName() + ".json"));
            var tasks = document.RootElement.EnumerateArray().ToList();
            Assert.Equal(split.Items.Count, tasks.Count);
            for (var i = 0; i < tasks.Count; i++)
            {
                var item = split.Items[i];
                var data = tasks[i].GetProperty("data");
                Assert.Equal(item.Id, data.GetProperty("id").GetString());
                Assert.Equal(item.Record.Text, data.GetProperty("text").GetString());
                var result = tasks[i].GetProperty("annotations")[0].GetProperty("result").EnumerateArray().ToList();
                if (item.Record.Labels.Count == 0)
                {
                    Assert.Empty(result);
                    continue;
                }
                Assert.Equal("label", result[0].GetProperty("from_name").GetString());
                Assert.Equal("text", result[0].GetProperty("to_name").GetString());
                Assert.Equal("choices", result[0].GetProperty("type").GetString());
                Assert.Equal(item.Record.Labels, result[0].GetProperty("value").GetProperty("choices").EnumerateArray().Select(c => c.GetString()));
            }
        }
    }

    [Theory]
    [MemberData(nameof(LabelKinds))]
    public async Task DoccanoLinesHaveTextAndALabelList(bool multiLabel)
    {
        var dataset = Dataset(multiLabel);
        var sink = new MemorySink();

        await new DoccanoFormat().WriteAsync(dataset, sink, ExportFormatOptions.Default, Token);

        foreach (var split in dataset.Splits)
        {
            var lines = Lines(sink.Text(split.Name.ToFileName() + ".jsonl"));
            Assert.Equal(split.Items.Count, lines.Count);
            for (var i = 0; i < lines.Count; i++)
            {
                using var line = JsonDocument.Parse(lines[i]);
                Assert.Equal(split.Items[i].Record.Text, line.RootElement.GetProperty("text").GetString());
                Assert.Equal(split.Items[i].Record.Labels, line.RootElement.GetProperty("label").EnumerateArray().Select(l => l.GetString()));
            }
        }
    }

    [Fact]
    public async Task ProgressReachesTheNumberOfItemsWritten()
    {
        var dataset = ExportFixture.Dataset(ExportFixture.SingleLabel(9000));
        var reports = new List<long>();
        var options = ExportFormatOptions.Default with { Progress = new SynchronousProgress(reports.Add) };

        await new JsonlFormat().WriteAsync(dataset, new MemorySink(), options, Token);

        Assert.Equal(dataset.ItemCount, reports[^1]);
        Assert.Equal(reports.Order(), reports);
        Assert.True(reports.Count >= 4);
    }

    [Fact]
    public void AMetadataFieldNamedLikeAStandardColumnIsRejected()
    {
        var records = ExportFixture.SingleLabel(10);
        var plan = Annotate.Core.Export.Splits.SplitEngine.Split(records, new());
        var balanced = Annotate.Core.Export.Balancing.Balancer.Apply(plan, new());

        var error = Assert.Throws<ArgumentException>(() => ExportDataset.From(plan, balanced, ["source", "label"]));

        Assert.Contains("'label'", error.Message);
    }

    private static ExportDataset Dataset(bool multiLabel) =>
        multiLabel ? ExportFixture.Dataset(ExportFixture.MultiLabel(), multiLabel: true) : ExportFixture.Dataset(ExportFixture.SingleLabel());

    private static List<string> Lines(string text)
    {
        Assert.EndsWith("\n", text);
        return [.. text[..^1].Split('\n')];
    }

    private static void AssertJsonLines(ExportDataset dataset, ExportSplit split, string text)
    {
        var lines = Lines(text);
        Assert.Equal(split.Items.Count, lines.Count);
        for (var i = 0; i < lines.Count; i++)
        {
            using var line = JsonDocument.Parse(lines[i]);
            Assert.Equal(dataset.Columns.Select(c => c.Name), line.RootElement.EnumerateObject().Select(p => p.Name));
            foreach (var column in dataset.Columns)
            {
                var value = line.RootElement.GetProperty(column.Name);
                var expected = ExportFixture.Expected(split.Items[i], column);
                if (expected is IReadOnlyList<string> labels)
                {
                    Assert.Equal(labels, value.EnumerateArray().Select(l => l.GetString()));
                }
                else
                {
                    Assert.Equal(expected, value.ValueKind == JsonValueKind.Null ? null : value.GetString());
                }
            }
        }
    }

    private static void AssertFilesDescribed(IReadOnlyList<ExportedFile> files, MemorySink sink)
    {
        foreach (var file in files)
        {
            var bytes = sink.Bytes(file.Path);
            Assert.Equal(bytes.Length, file.Bytes);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), file.Sha256);
        }
    }

    private sealed class SynchronousProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
