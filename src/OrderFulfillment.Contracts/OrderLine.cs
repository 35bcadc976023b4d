using System.ComponentModel.DataAnnotations;

namespace OrderFulfillment.Contracts;

/// <summary>One line of an order.</summary>
/// <param name="ProductId">The product; stock is kept per product.</param>
/// <param name="Quantity">How many; at least 1.</param>
/// <param name="UnitPriceUsd">Price per unit in USD; not negative.</param>
public sealed record OrderLine(string ProductId, [property: Range(1, int.MaxValue)] int Quantity, decimal UnitPriceUsd);
