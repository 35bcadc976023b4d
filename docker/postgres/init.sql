-- One database per service: the services share nothing but Kafka topics. The official image runs this file once,
-- when the data volume is empty; to run it again, remove the volume (docker compose down -v).
CREATE DATABASE orders;
CREATE DATABASE inventory;
CREATE DATABASE payments;
CREATE DATABASE shipping;
