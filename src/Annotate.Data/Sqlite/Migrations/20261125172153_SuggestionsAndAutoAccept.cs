using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Annotate.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class SuggestionsAndAutoAccept : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<double>(
                name: "AcceptThreshold",
                table: "WeakLabelRuns",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "SuggestionRunId",
                table: "Annotations",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "AcceptThreshold",
                table: "WeakLabelRuns");

            migrationBuilder.DropColumn(
                name: "SuggestionRunId",
                table: "Annotations");
        }
    }
}
