using System.Threading.Channels;

namespace Annotate.Web.Features.Jobs;

/// <summary>Ids of queued jobs waiting for a worker of this instance. The jobs table stays the source of truth.</summary>
public sealed class JobQueue
{
    private readonly Channel<long> channel = Channel.CreateUnbounded<long>(new UnboundedChannelOptions { SingleReader = false });

    public void Enqueue(long jobId) => channel.Writer.TryWrite(jobId);

    public IAsyncEnumerable<long> ReadAllAsync(CancellationToken cancellationToken) => channel.Reader.ReadAllAsync(cancellationToken);
}
