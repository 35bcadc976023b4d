using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OrderFulfillment.Orchestrator.Migrations
{
    /// <inheritdoc />
    public partial class OrderListByPlacedAt : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_order_sagas_TenantId_CurrentState_UpdatedAt",
                table: "order_sagas");

            migrationBuilder.CreateIndex(
                name: "IX_order_sagas_TenantId_CurrentState_PlacedAt_CorrelationId",
                table: "order_sagas",
                columns: new[] { "TenantId", "CurrentState", "PlacedAt", "CorrelationId" });

            migrationBuilder.CreateIndex(
                name: "IX_order_sagas_TenantId_CustomerId_PlacedAt_CorrelationId",
                table: "order_sagas",
                columns: new[] { "TenantId", "CustomerId", "PlacedAt", "CorrelationId" });

            migrationBuilder.CreateIndex(
                name: "IX_order_sagas_TenantId_PlacedAt_CorrelationId",
                table: "order_sagas",
                columns: new[] { "TenantId", "PlacedAt", "CorrelationId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_order_sagas_TenantId_CurrentState_PlacedAt_CorrelationId",
                table: "order_sagas");

            migrationBuilder.DropIndex(
                name: "IX_order_sagas_TenantId_CustomerId_PlacedAt_CorrelationId",
                table: "order_sagas");

            migrationBuilder.DropIndex(
                name: "IX_order_sagas_TenantId_PlacedAt_CorrelationId",
                table: "order_sagas");

            migrationBuilder.CreateIndex(
                name: "IX_order_sagas_TenantId_CurrentState_UpdatedAt",
                table: "order_sagas",
                columns: new[] { "TenantId", "CurrentState", "UpdatedAt" });
        }
    }
}
