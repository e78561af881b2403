using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Annotate.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class CollectAndClean : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "LabelCountsJson",
                table: "ProjectStatistics",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<long>(
                name: "NearDuplicateGroupCount",
                table: "ProjectStatistics",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "PiiCountsJson",
                table: "ProjectStatistics",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<long>(
                name: "UsableItemCount",
                table: "ProjectStatistics",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "CleaningJson",
                table: "Projects",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "NearDuplicateExcluded",
                table: "Items",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "SourceLabel",
                table: "Items",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "Uploads",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProjectId = table.Column<int>(type: "INTEGER", nullable: false),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    StoredPath = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: false),
                    Size = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedById = table.Column<string>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Uploads", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Uploads_Projects_ProjectId",
                        column: x => x.ProjectId,
                        principalTable: "Projects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Items_ImportJobId",
                table: "Items",
                column: "ImportJobId");

            migrationBuilder.CreateIndex(
                name: "IX_Items_ProjectId_NearDuplicateGroupId",
                table: "Items",
                columns: new[] { "ProjectId", "NearDuplicateGroupId" });

            migrationBuilder.CreateIndex(
                name: "IX_Uploads_ProjectId_CreatedAt",
                table: "Uploads",
                columns: new[] { "ProjectId", "CreatedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Uploads");

            migrationBuilder.DropIndex(
                name: "IX_Items_ImportJobId",
                table: "Items");

            migrationBuilder.DropIndex(
                name: "IX_Items_ProjectId_NearDuplicateGroupId",
                table: "Items");

            migrationBuilder.DropColumn(
                name: "LabelCountsJson",
                table: "ProjectStatistics");

            migrationBuilder.DropColumn(
                name: "NearDuplicateGroupCount",
                table: "ProjectStatistics");

            migrationBuilder.DropColumn(
                name: "PiiCountsJson",
                table: "ProjectStatistics");

            migrationBuilder.DropColumn(
                name: "UsableItemCount",
                table: "ProjectStatistics");

            migrationBuilder.DropColumn(
                name: "CleaningJson",
                table: "Projects");

            migrationBuilder.DropColumn(
                name: "NearDuplicateExcluded",
                table: "Items");

            migrationBuilder.DropColumn(
                name: "SourceLabel",
                table: "Items");
        }
    }
}
