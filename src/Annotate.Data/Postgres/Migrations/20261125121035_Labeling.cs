using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Annotate.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class Labeling : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "LeaseMinutes",
                table: "Projects",
                type: "integer",
                nullable: false,
                defaultValue: 30);

            migrationBuilder.AddColumn<int>(
                name: "Overlap",
                table: "Projects",
                type: "integer",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.AddColumn<int>(
                name: "QueueOrder",
                table: "Projects",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "QueueOrderField",
                table: "Projects",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "QueueSeed",
                table: "Projects",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "SubmittedCount",
                table: "Items",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "Assignments",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ProjectId = table.Column<int>(type: "integer", nullable: false),
                    ItemId = table.Column<long>(type: "bigint", nullable: false),
                    AnnotatorId = table.Column<string>(type: "text", nullable: false),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    LeasedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    SubmittedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    SkipReason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    Late = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Assignments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Assignments_AspNetUsers_AnnotatorId",
                        column: x => x.AnnotatorId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Assignments_Items_ItemId",
                        column: x => x.ItemId,
                        principalTable: "Items",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "LabelSchemas",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ProjectId = table.Column<int>(type: "integer", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    DefinitionJson = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedById = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LabelSchemas", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LabelSchemas_Projects_ProjectId",
                        column: x => x.ProjectId,
                        principalTable: "Projects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Annotations",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ProjectId = table.Column<int>(type: "integer", nullable: false),
                    ItemId = table.Column<long>(type: "bigint", nullable: false),
                    AnnotatorId = table.Column<string>(type: "text", nullable: false),
                    AssignmentId = table.Column<long>(type: "bigint", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    SchemaVersion = table.Column<int>(type: "integer", nullable: false),
                    AnswerJson = table.Column<string>(type: "text", nullable: false),
                    Source = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    DurationMs = table.Column<int>(type: "integer", nullable: true),
                    Late = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Annotations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Annotations_AspNetUsers_AnnotatorId",
                        column: x => x.AnnotatorId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Annotations_Assignments_AssignmentId",
                        column: x => x.AssignmentId,
                        principalTable: "Assignments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_Annotations_Items_ItemId",
                        column: x => x.ItemId,
                        principalTable: "Items",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Items_ProjectId_Status_SubmittedCount_Id",
                table: "Items",
                columns: new[] { "ProjectId", "Status", "SubmittedCount", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Annotations_AnnotatorId",
                table: "Annotations",
                column: "AnnotatorId");

            migrationBuilder.CreateIndex(
                name: "IX_Annotations_AssignmentId",
                table: "Annotations",
                column: "AssignmentId");

            migrationBuilder.CreateIndex(
                name: "IX_Annotations_ItemId_AnnotatorId_Version",
                table: "Annotations",
                columns: new[] { "ItemId", "AnnotatorId", "Version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Annotations_ProjectId_CreatedAt",
                table: "Annotations",
                columns: new[] { "ProjectId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Assignments_AnnotatorId",
                table: "Assignments",
                column: "AnnotatorId");

            migrationBuilder.CreateIndex(
                name: "IX_Assignments_ItemId_AnnotatorId",
                table: "Assignments",
                columns: new[] { "ItemId", "AnnotatorId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Assignments_ItemId_Status_ExpiresAt",
                table: "Assignments",
                columns: new[] { "ItemId", "Status", "ExpiresAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Assignments_ProjectId_AnnotatorId_Status",
                table: "Assignments",
                columns: new[] { "ProjectId", "AnnotatorId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Assignments_ProjectId_SubmittedAt",
                table: "Assignments",
                columns: new[] { "ProjectId", "SubmittedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_LabelSchemas_ProjectId_Version",
                table: "LabelSchemas",
                columns: new[] { "ProjectId", "Version" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Annotations");

            migrationBuilder.DropTable(
                name: "LabelSchemas");

            migrationBuilder.DropTable(
                name: "Assignments");

            migrationBuilder.DropIndex(
                name: "IX_Items_ProjectId_Status_SubmittedCount_Id",
                table: "Items");

            migrationBuilder.DropColumn(
                name: "LeaseMinutes",
                table: "Projects");

            migrationBuilder.DropColumn(
                name: "Overlap",
                table: "Projects");

            migrationBuilder.DropColumn(
                name: "QueueOrder",
                table: "Projects");

            migrationBuilder.DropColumn(
                name: "QueueOrderField",
                table: "Projects");

            migrationBuilder.DropColumn(
                name: "QueueSeed",
                table: "Projects");

            migrationBuilder.DropColumn(
                name: "SubmittedCount",
                table: "Items");
        }
    }
}
