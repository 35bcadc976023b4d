using System.Runtime.InteropServices;

namespace OrderFulfillment.EmbeddedKafka.Native;

/// <summary>The slice of librdkafka's C API (rdkafka.h, rdkafka_mock.h) that hosts and steers a mock cluster.</summary>
internal static partial class NativeMethods
{
    internal const int ProducerType = 0;
    internal const int ConfOk = 0;

    // Runs before the first native call, so every P/Invoke below resolves through our loader.
    static NativeMethods() => LibrdkafkaLoader.Register(typeof(NativeMethods).Assembly);

    [LibraryImport(LibrdkafkaLoader.LibraryName, EntryPoint = "rd_kafka_conf_new")]
    internal static partial nint ConfNew();

    [LibraryImport(LibrdkafkaLoader.LibraryName, EntryPoint = "rd_kafka_conf_set",
        StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int ConfSet(nint conf, string name, string value, byte[] errstr, nuint errstrSize);

    [LibraryImport(LibrdkafkaLoader.LibraryName, EntryPoint = "rd_kafka_conf_destroy")]
    internal static partial void ConfDestroy(nint conf);

    [LibraryImport(LibrdkafkaLoader.LibraryName, EntryPoint = "rd_kafka_new")]
    internal static partial nint KafkaNew(int type, nint conf, byte[] errstr, nuint errstrSize);

    [LibraryImport(LibrdkafkaLoader.LibraryName, EntryPoint = "rd_kafka_destroy")]
    internal static partial void KafkaDestroy(nint rk);

    [LibraryImport(LibrdkafkaLoader.LibraryName, EntryPoint = "rd_kafka_mock_cluster_new")]
    internal static partial nint MockClusterNew(nint rk, int brokerCount);

    [LibraryImport(LibrdkafkaLoader.LibraryName, EntryPoint = "rd_kafka_mock_cluster_destroy")]
    internal static partial void MockClusterDestroy(nint mc);

    [LibraryImport(LibrdkafkaLoader.LibraryName, EntryPoint = "rd_kafka_mock_cluster_bootstraps")]
    internal static partial nint MockClusterBootstraps(nint mc);

    [LibraryImport(LibrdkafkaLoader.LibraryName, EntryPoint = "rd_kafka_mock_topic_create",
        StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int MockTopicCreate(nint mc, string topic, int partitionCount, int replicationFactor);

    [LibraryImport(LibrdkafkaLoader.LibraryName, EntryPoint = "rd_kafka_mock_topic_set_error",
        StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void MockTopicSetError(nint mc, string topic, int error);

    [LibraryImport(LibrdkafkaLoader.LibraryName, EntryPoint = "rd_kafka_mock_broker_set_down")]
    internal static partial int MockBrokerSetDown(nint mc, int brokerId);

    [LibraryImport(LibrdkafkaLoader.LibraryName, EntryPoint = "rd_kafka_mock_broker_set_up")]
    internal static partial int MockBrokerSetUp(nint mc, int brokerId);

    [LibraryImport(LibrdkafkaLoader.LibraryName, EntryPoint = "rd_kafka_mock_broker_set_rtt")]
    internal static partial int MockBrokerSetRtt(nint mc, int brokerId, int rttMs);

    [LibraryImport(LibrdkafkaLoader.LibraryName, EntryPoint = "rd_kafka_mock_push_request_errors_array")]
    internal static partial void MockPushRequestErrorsArray(nint mc, short apiKey, nuint count, int[] errors);

    // The C function is variadic: (mc, broker, apiKey, cnt, ...) with cnt (error, rtt) int pairs. A fixed-arity
    // binding with exactly one pair passes the same registers on linux-x64 (System V ABI); it is not portable to
    // ABIs that put variadic arguments on the stack, such as macOS arm64.
    [LibraryImport(LibrdkafkaLoader.LibraryName, EntryPoint = "rd_kafka_mock_broker_push_request_error_rtts")]
    internal static partial int MockBrokerPushRequestErrorRtt(nint mc, int brokerId, short apiKey, nuint count,
        int error, int rttMs);

    [LibraryImport(LibrdkafkaLoader.LibraryName, EntryPoint = "rd_kafka_mock_partition_set_leader",
        StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int MockPartitionSetLeader(nint mc, string topic, int partition, int brokerId);

    [LibraryImport(LibrdkafkaLoader.LibraryName, EntryPoint = "rd_kafka_mock_coordinator_set",
        StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int MockCoordinatorSet(nint mc, string keyType, string key, int brokerId);

    [LibraryImport(LibrdkafkaLoader.LibraryName, EntryPoint = "rd_kafka_mock_partition_delete_records",
        StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int MockPartitionDeleteRecords(nint mc, string topic, int partition, long beforeOffset);

    [LibraryImport(LibrdkafkaLoader.LibraryName, EntryPoint = "rd_kafka_mock_group_initial_rebalance_delay_ms")]
    internal static partial void MockGroupInitialRebalanceDelayMs(nint mc, int delayMs);

    [LibraryImport(LibrdkafkaLoader.LibraryName, EntryPoint = "rd_kafka_err2str")]
    internal static partial nint ErrorToString(int error);
}
