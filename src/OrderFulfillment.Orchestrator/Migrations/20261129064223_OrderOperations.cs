using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OrderFulfillment.Orchestrator.Migrations
{
    /// <inheritdoc />
    public partial class OrderOperations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "StateEnteredAt",
                table: "order_sagas",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            // Existing orders: their last change is the closest known time they entered their state.
            migrationBuilder.Sql("UPDATE order_sagas SET \"StateEnteredAt\" = \"UpdatedAt\";");

            migrationBuilder.AddColumn<string>(
                name: "Actor",
                table: "order_journal",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Note",
                table: "order_journal",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_order_sagas_CurrentState_StateEnteredAt_CorrelationId",
                table: "order_sagas",
                columns: new[] { "CurrentState", "StateEnteredAt", "CorrelationId" },
                filter: "\"DeadlineAt\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_order_journal_RecordedAt",
                table: "order_journal",
                column: "RecordedAt",
                filter: "\"Outcome\" = 'transition'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_order_sagas_CurrentState_StateEnteredAt_CorrelationId",
                table: "order_sagas");

            migrationBuilder.DropIndex(
                name: "IX_order_journal_RecordedAt",
                table: "order_journal");

            migrationBuilder.DropColumn(
                name: "StateEnteredAt",
                table: "order_sagas");

            migrationBuilder.DropColumn(
                name: "Actor",
                table: "order_journal");

            migrationBuilder.DropColumn(
                name: "Note",
                table: "order_journal");
        }
    }
}
