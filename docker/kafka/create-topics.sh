#!/usr/bin/env bash
# Creates every OrderFulfillment topic on real Kafka, with the partitions and retention that
# src/OrderFulfillment.Contracts/Topics.cs defines, plus a dead-letter topic "<name>.dlq" for each.
# The embedded Kafka creates the same topics itself and has no admin API, so this runs on real Kafka only.
#
# Existing topics are left untouched (--if-not-exists), so running it again is safe. It does not change the
# configuration of a topic that already exists; use kafka-configs.sh --alter for that.
set -euo pipefail

bootstrap="${BOOTSTRAP_SERVER:-localhost:9092}"
replication="${REPLICATION_FACTOR:-1}"
topics_cli="${KAFKA_BIN:-/opt/kafka/bin}/kafka-topics.sh"

transactional_ms=604800000  # RetentionClass.Transactional: 7 days
audit_ms=31536000000        # RetentionClass.Audit: 365 days
partitions=12               # Topics.cs: every platform topic
dlq_partitions=3            # PlatformTopics.cs: dead letters are few; 3 partitions keep a key's records together

# Keep in step with Topics.All. A dead-letter topic keeps its source topic's retention.
topics=(
  "orders.order.placed                  $transactional_ms"
  "orders.order.deadline-passed         $transactional_ms"
  "orders.order.cancel                  $transactional_ms"
  "orders.order.retry-step              $transactional_ms"
  "orders.order.extend-deadline         $transactional_ms"
  "orders.order.completed               $audit_ms"
  "orders.order.cancelled               $audit_ms"
  "inventory.stock.reserve              $transactional_ms"
  "inventory.stock.release              $transactional_ms"
  "inventory.stock.reserved             $transactional_ms"
  "inventory.stock.reservation-failed   $transactional_ms"
  "inventory.stock.released             $transactional_ms"
  "payments.payment.charge              $transactional_ms"
  "payments.payment.charging            $transactional_ms"
  "payments.payment.charged             $transactional_ms"
  "payments.payment.failed              $transactional_ms"
  "payments.payment.refund              $transactional_ms"
  "payments.payment.refunded            $transactional_ms"
  "shipping.shipment.create             $transactional_ms"
  "shipping.shipment.created            $transactional_ms"
  "shipping.shipment.cancel             $transactional_ms"
  "shipping.shipment.cancelled          $transactional_ms"
)

create() {
  "$topics_cli" --bootstrap-server "$bootstrap" --create --if-not-exists \
    --topic "$1" --partitions "$2" --replication-factor "$replication" --config "retention.ms=$3"
}

for entry in "${topics[@]}"; do
  read -r name retention_ms <<<"$entry"
  create "$name" "$partitions" "$retention_ms"
  create "$name.dlq" "$dlq_partitions" "$retention_ms"
done

echo "Created or found ${#topics[@]} topics and their dead-letter topics on $bootstrap."
