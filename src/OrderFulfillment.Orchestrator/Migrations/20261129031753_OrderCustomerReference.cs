using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OrderFulfillment.Orchestrator.Migrations
{
    /// <inheritdoc />
    public partial class OrderCustomerReference : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "CustomerReference",
                table: "order_sagas",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "CustomerReference",
                table: "order_sagas");
        }
    }
}
