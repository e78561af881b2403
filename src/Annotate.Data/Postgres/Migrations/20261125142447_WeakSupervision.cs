using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Annotate.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class WeakSupervision : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "WeakLabelRunId",
                table: "Projects",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "WeakSupervisionJson",
                table: "Projects",
                type: "text",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "LabelingFunctions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ProjectId = table.Column<int>(type: "integer", nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    QuestionKey = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Enabled = table.Column<bool>(type: "boolean", nullable: false),
                    CurrentVersion = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedById = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LabelingFunctions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LabelingFunctions_Projects_ProjectId",
                        column: x => x.ProjectId,
                        principalTable: "Projects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "WeakLabelRuns",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ProjectId = table.Column<int>(type: "integer", nullable: false),
                    QuestionKey = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Model = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Seed = table.Column<int>(type: "integer", nullable: false),
                    FunctionVersionsJson = table.Column<string>(type: "text", nullable: false),
                    ParametersJson = table.Column<string>(type: "text", nullable: false),
                    Items = table.Column<int>(type: "integer", nullable: false),
                    Covered = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    JobId = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WeakLabelRuns", x => x.Id);
                    table.ForeignKey(
                        name: "FK_WeakLabelRuns_Projects_ProjectId",
                        column: x => x.ProjectId,
                        principalTable: "Projects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "LabelingFunctionVersions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    FunctionId = table.Column<int>(type: "integer", nullable: false),
                    ProjectId = table.Column<int>(type: "integer", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    RuleJson = table.Column<string>(type: "text", nullable: false),
                    Label = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedById = table.Column<string>(type: "text", nullable: true),
                    AppliedThroughItemId = table.Column<long>(type: "bigint", nullable: true),
                    AppliedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Error = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LabelingFunctionVersions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LabelingFunctionVersions_LabelingFunctions_FunctionId",
                        column: x => x.FunctionId,
                        principalTable: "LabelingFunctions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "WeakLabels",
                columns: table => new
                {
                    RunId = table.Column<int>(type: "integer", nullable: false),
                    ItemId = table.Column<long>(type: "bigint", nullable: false),
                    ProjectId = table.Column<int>(type: "integer", nullable: false),
                    Label = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    Confidence = table.Column<double>(type: "double precision", nullable: false),
                    Entropy = table.Column<double>(type: "double precision", nullable: false),
                    ProbabilitiesJson = table.Column<string>(type: "text", nullable: false),
                    AnyVote = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WeakLabels", x => new { x.RunId, x.ItemId });
                    table.ForeignKey(
                        name: "FK_WeakLabels_Items_ItemId",
                        column: x => x.ItemId,
                        principalTable: "Items",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_WeakLabels_WeakLabelRuns_RunId",
                        column: x => x.RunId,
                        principalTable: "WeakLabelRuns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "LfVotes",
                columns: table => new
                {
                    FunctionVersionId = table.Column<int>(type: "integer", nullable: false),
                    ItemId = table.Column<long>(type: "bigint", nullable: false),
                    ProjectId = table.Column<int>(type: "integer", nullable: false),
                    Label = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LfVotes", x => new { x.FunctionVersionId, x.ItemId });
                    table.ForeignKey(
                        name: "FK_LfVotes_Items_ItemId",
                        column: x => x.ItemId,
                        principalTable: "Items",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_LfVotes_LabelingFunctionVersions_FunctionVersionId",
                        column: x => x.FunctionVersionId,
                        principalTable: "LabelingFunctionVersions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_LabelingFunctions_ProjectId_Name",
                table: "LabelingFunctions",
                columns: new[] { "ProjectId", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_LabelingFunctionVersions_FunctionId_Version",
                table: "LabelingFunctionVersions",
                columns: new[] { "FunctionId", "Version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_LabelingFunctionVersions_ProjectId",
                table: "LabelingFunctionVersions",
                column: "ProjectId");

            migrationBuilder.CreateIndex(
                name: "IX_LfVotes_ItemId",
                table: "LfVotes",
                column: "ItemId");

            migrationBuilder.CreateIndex(
                name: "IX_LfVotes_ProjectId_ItemId",
                table: "LfVotes",
                columns: new[] { "ProjectId", "ItemId" });

            migrationBuilder.CreateIndex(
                name: "IX_WeakLabelRuns_ProjectId_CreatedAt",
                table: "WeakLabelRuns",
                columns: new[] { "ProjectId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_WeakLabels_ItemId",
                table: "WeakLabels",
                column: "ItemId");

            migrationBuilder.CreateIndex(
                name: "IX_WeakLabels_RunId_Entropy",
                table: "WeakLabels",
                columns: new[] { "RunId", "Entropy" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "LfVotes");

            migrationBuilder.DropTable(
                name: "WeakLabels");

            migrationBuilder.DropTable(
                name: "LabelingFunctionVersions");

            migrationBuilder.DropTable(
                name: "WeakLabelRuns");

            migrationBuilder.DropTable(
                name: "LabelingFunctions");

            migrationBuilder.DropColumn(
                name: "WeakLabelRunId",
                table: "Projects");

            migrationBuilder.DropColumn(
                name: "WeakSupervisionJson",
                table: "Projects");
        }
    }
}
