using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OrderFulfillment.Orchestrator.Migrations
{
    /// <inheritdoc />
    public partial class OrderListPerTenant : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_order_sagas_CurrentState_UpdatedAt",
                table: "order_sagas");

            migrationBuilder.CreateIndex(
                name: "IX_order_sagas_TenantId_CurrentState_UpdatedAt",
                table: "order_sagas",
                columns: new[] { "TenantId", "CurrentState", "UpdatedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_order_sagas_TenantId_CurrentState_UpdatedAt",
                table: "order_sagas");

            migrationBuilder.CreateIndex(
                name: "IX_order_sagas_CurrentState_UpdatedAt",
                table: "order_sagas",
                columns: new[] { "CurrentState", "UpdatedAt" });
        }
    }
}
