#!/usr/bin/env python3
"""Read an OrderFulfillment topic from outside .NET and print each record as one JSON line.

Every record value is Avro in the Confluent wire format:
    byte 0      magic byte, always 0
    bytes 1-4   the writer's schema id in the schema registry, big-endian
    bytes 5-    the record, Avro binary, written with that schema
Keys are the order id as UTF-8 text.

Needs Python 3 with the packages `confluent_kafka` and `avro` (Debian: apt-get install python3-confluent-kafka
python3-avro; elsewhere: pip install confluent-kafka avro). Example, against the AppHost:

    python3 read_topic.py --bootstrap-servers localhost:9092 --registry http://localhost:5091 \
        --topic orders.order.placed --count 10

Without --group it reads every partition from the beginning and commits nothing; with --group it joins that consumer
group, starts where the group left off (or at the beginning) and commits what it printed. Either way it stops after
--count records, or once it has reached the end of every partition. A record it cannot decode is printed with an
"error" instead of a "value".
"""
import argparse
import datetime
import decimal
import io
import json
import struct
import sys
import urllib.error
import urllib.request

import avro.errors
import avro.io
import avro.schema
from confluent_kafka import OFFSET_BEGINNING, Consumer, KafkaError, KafkaException, TopicPartition

HEADER = struct.Struct(">bI")  # magic byte, schema id


class Registry:
    """Fetches writer schemas by id (GET /schemas/ids/{id}); ids never change meaning, so each is fetched once."""

    def __init__(self, url):
        self.url = url.rstrip("/")
        self.readers = {}

    def reader(self, schema_id):
        if schema_id not in self.readers:
            try:
                with urllib.request.urlopen(f"{self.url}/schemas/ids/{schema_id}", timeout=10) as response:
                    schema = avro.schema.parse(json.load(response)["schema"])
            except urllib.error.HTTPError as error:
                if error.code == 404:
                    raise ValueError(f"schema id {schema_id} is not in the registry at {self.url}") from None
                raise
            # Reading with the writer's own schema: every field the producer wrote, whatever version it used.
            self.readers[schema_id] = avro.io.DatumReader(schema)
        return self.readers[schema_id]


def decode(value, registry):
    if value is None or len(value) < HEADER.size:
        raise ValueError("not in the Confluent wire format: shorter than its 5-byte header")
    magic, schema_id = HEADER.unpack_from(value)
    if magic != 0:
        raise ValueError(f"not in the Confluent wire format: magic byte {magic}, expected 0")
    body = io.BytesIO(value[HEADER.size:])
    return schema_id, registry.reader(schema_id).read(avro.io.BinaryDecoder(body))


def to_json(value):
    """The avro package returns Decimal for money and datetime for timestamps; uuids are already strings."""
    if isinstance(value, decimal.Decimal):
        return str(value)  # exact, e.g. "12.3400": a JSON number would go through a binary float
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    raise TypeError(f"cannot print {type(value).__name__} as JSON")


def open_consumer(args):
    consumer = Consumer({
        "bootstrap.servers": args.bootstrap_servers,
        # The client needs a group id even when it joins no group (without --group it only assigns partitions).
        "group.id": args.group or "read-topic-no-group",
        "enable.auto.commit": bool(args.group),
        "auto.offset.reset": "earliest",
        "enable.partition.eof": True,
    })
    if args.group:
        consumer.subscribe([args.topic])
    else:
        metadata = consumer.list_topics(args.topic, timeout=10).topics[args.topic]
        if metadata.error is not None:
            raise KafkaException(metadata.error)
        consumer.assign([TopicPartition(args.topic, p, OFFSET_BEGINNING) for p in metadata.partitions])
    return consumer


def main():
    parser = argparse.ArgumentParser(description="Print the records of an Avro topic as JSON lines.")
    parser.add_argument("--bootstrap-servers", required=True, help="e.g. localhost:9092")
    parser.add_argument("--registry", required=True, help="schema registry base URL, e.g. http://localhost:5091")
    parser.add_argument("--topic", required=True, help="e.g. orders.order.placed")
    parser.add_argument("--count", type=int, default=100, help="stop after this many records (default 100)")
    parser.add_argument("--group", help="consumer group to join and commit in; none by default")
    args = parser.parse_args()

    registry = Registry(args.registry)
    consumer = open_consumer(args)
    at_end = set()  # partitions whose end we have reached
    printed = 0
    try:
        while printed < args.count:
            record = consumer.poll(1.0)
            if record is None:
                continue
            partition = (record.topic(), record.partition())
            if record.error() is not None:
                if record.error().code() != KafkaError._PARTITION_EOF:
                    raise KafkaException(record.error())
                at_end.add(partition)
                if at_end >= {(p.topic, p.partition) for p in consumer.assignment()}:
                    break
                continue
            at_end.discard(partition)
            key = record.key()
            line = {"key": key.decode("utf-8") if key is not None else None,
                    "partition": record.partition(), "offset": record.offset()}
            try:
                line["schemaId"], line["value"] = decode(record.value(), registry)
            except (ValueError, avro.errors.AvroException) as error:
                # A record that is not ours to decode (the platform dead-letters such records) is reported, not fatal:
                # the rest of the partition is still readable.
                line["error"] = str(error)
            print(json.dumps(line, default=to_json), flush=True)
            printed += 1
    finally:
        consumer.close()


if __name__ == "__main__":
    sys.exit(main())
