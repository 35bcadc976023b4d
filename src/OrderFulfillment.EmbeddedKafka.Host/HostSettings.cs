using Microsoft.Extensions.Configuration;

namespace OrderFulfillment.EmbeddedKafka.Host;

/// <summary>Command-line settings: <c>--brokers 3 --control-port 0 --bootstrap-file path</c>.</summary>
internal sealed record HostSettings(int Brokers, int ControlPort, string? BootstrapFile)
{
    public static HostSettings FromArgs(string[] args)
    {
        var config = new ConfigurationBuilder().AddCommandLine(args).Build();
        return new HostSettings(
            config.GetValue("brokers", 3),
            config.GetValue("control-port", 0),
            config.GetValue<string?>("bootstrap-file"));
    }
}
