using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace OrderFulfillment.Orchestrator.Migrations
{
    /// <inheritdoc />
    public partial class Reconciliation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "reconciliation_mismatches",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    OrderId = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Rule = table.Column<string>(type: "character varying(48)", maxLength: 48, nullable: false),
                    Outcome = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CancellationReason = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Detail = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    Ledgers = table.Column<string>(type: "jsonb", nullable: false),
                    FirstSeenAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    LastCheckedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ResolvedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_reconciliation_mismatches", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "reconciliation_progress",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false),
                    WatermarkUpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    WatermarkOrderId = table.Column<Guid>(type: "uuid", nullable: false),
                    LastRunAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LastRunOrders = table.Column<int>(type: "integer", nullable: false),
                    OrdersChecked = table.Column<long>(type: "bigint", nullable: false),
                    LastError = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    LastErrorAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_reconciliation_progress", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_order_sagas_finished",
                table: "order_sagas",
                columns: new[] { "UpdatedAt", "CorrelationId" },
                filter: "\"CurrentState\" IN ('Completed', 'Cancelled')");

            migrationBuilder.CreateIndex(
                name: "IX_reconciliation_mismatches_OrderId_Rule",
                table: "reconciliation_mismatches",
                columns: new[] { "OrderId", "Rule" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_reconciliation_mismatches_Rule_Id",
                table: "reconciliation_mismatches",
                columns: new[] { "Rule", "Id" },
                filter: "\"ResolvedAt\" IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "reconciliation_mismatches");

            migrationBuilder.DropTable(
                name: "reconciliation_progress");

            migrationBuilder.DropIndex(
                name: "IX_order_sagas_finished",
                table: "order_sagas");
        }
    }
}
