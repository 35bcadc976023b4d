using FluentAssertions;

namespace OrderFulfillment.AppHost.Tests;

public sealed class SecretMaskingTests
{
    [TestCase("Host=db;Username=app;Password=s3cret;Database=orders",
        "Host=db;Username=app;Password=***;Database=orders")]
    [TestCase("Host=db;Password=s3cret", "Host=db;Password=***")]
    [TestCase("password = s3cret ;Host=db", "password = ***;Host=db")]
    [TestCase("Host=db;PWD=s3cret;Database=orders", "Host=db;PWD=***;Database=orders")]
    [TestCase("Host=db;Password=\"a;b\"\"c\";Database=orders", "Host=db;Password=***;Database=orders")]
    [TestCase("Host=db;Password='a;b''c';Database=orders", "Host=db;Password=***;Database=orders")]
    [TestCase("Host=db;Username=app;Database=orders", "Host=db;Username=app;Database=orders")]
    public void Masks_the_password_of_a_connection_string_and_keeps_the_rest(string connectionString, string masked) =>
        SecretMasking.MaskConnectionString(connectionString).Should().Be(masked);

    [Test]
    public void Masks_every_keyword_that_names_a_password() =>
        SecretMasking.MaskConnectionString("Host=db;SSL Password=x;SslPassword=y;Password=z;Username=password")
            .Should().Be("Host=db;SSL Password=***;SslPassword=***;Password=***;Username=password");

    [TestCase("https://user:s3cret@registry:8081", "https://user:***@registry:8081")]
    [TestCase("https://user:s3cret@registry:8081/path?q=1", "https://user:***@registry:8081/path?q=1")]
    [TestCase("https://a:x@r1:8081,https://b:y@r2:8081", "https://a:***@r1:8081,https://b:***@r2:8081")]
    [TestCase("http://127.0.0.1:5091", "http://127.0.0.1:5091")]
    [TestCase("https://user@registry", "https://user@registry")]
    [TestCase("broker1:9092,broker2:9092", "broker1:9092,broker2:9092")]
    public void Masks_the_password_of_a_url_and_keeps_the_rest(string url, string masked) =>
        SecretMasking.MaskUrl(url).Should().Be(masked);

    [Test]
    public void Masks_both_kinds_in_an_error_message() =>
        SecretMasking.MaskText("Could not reach https://u:pw1@registry with Host=db;Password=pw2")
            .Should().Be("Could not reach https://u:***@registry with Host=db;Password=***");
}
