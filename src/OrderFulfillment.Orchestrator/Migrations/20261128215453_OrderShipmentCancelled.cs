using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OrderFulfillment.Orchestrator.Migrations
{
    /// <inheritdoc />
    public partial class OrderShipmentCancelled : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ShipmentCancelledAt",
                table: "order_sagas",
                type: "timestamp with time zone",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ShipmentCancelledAt",
                table: "order_sagas");
        }
    }
}
