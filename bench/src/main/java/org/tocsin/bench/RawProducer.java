package org.tocsin.bench;

import java.io.BufferedReader;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * W1's baseline: one plain KafkaProducer writing m records of the fan-out's key and value sizes as
 * fast as it can, acks=all and idempotent like dispatch's. It runs in a JVM of its own
 * ({@link RawProducerProcess}), as dispatch's producer does; in the bench's JVM it would share the
 * broker's heap and stop at every one of the broker's GC pauses.
 */
final class RawProducer {

    /** The bench jar's first argument that makes it a raw producer serving {@link #serve} instead. */
    static final String CHILD_FLAG = "--raw-producer";
    /** Prefix of the line that carries a run's rate on the child's stdout (the Kafka client logs there too). */
    static final String RATE = "RATE ";

    private RawProducer() {
    }

    /** Produces {@code m} records to {@code topic}; returns records per second from first send to all acknowledged. */
    static double produce(String bootstrap, String topic, int partitions, int m, int keySize, int valueSize) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        byte[] value = new byte[valueSize];
        Arrays.fill(value, (byte) 'x');
        // keys made before the clock starts, as the value is: formatting one took 150–490 ns, timed it was
        // the baseline's work, not Kafka's (dispatch's keys are phone numbers it has already read)
        String keyFormat = "+%0" + Math.max(1, keySize - 1) + "d";
        String[] keys = new String[m];
        for (int i = 0; i < m; i++) {
            keys[i] = String.format(keyFormat, i);
        }
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p)) {
            // metadata and one record per partition before the clock starts, as dispatch's producer is warm too
            for (int partition = 0; partition < partitions; partition++) {
                producer.send(new ProducerRecord<>(topic, partition, "warm-up", value));
            }
            producer.flush();
            long start = System.nanoTime();
            for (int i = 0; i < m; i++) {
                producer.send(new ProducerRecord<>(topic, keys[i], value));
            }
            producer.flush();
            return Stats.perSecond(m, System.nanoTime() - start);
        }
    }

    /**
     * The child's loop: each line {@code topic partitions m keySize valueSize} on {@code in} is one run,
     * answered with {@value #RATE}{@code <records/s>} on {@code out}; ends when {@code in} does.
     */
    static void serve(String bootstrap, BufferedReader in, PrintStream out) throws Exception {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            String[] run = line.trim().split("\\s+");
            if (run.length != 5) {
                throw new IllegalArgumentException("expected: topic partitions m keySize valueSize, got: " + line);
            }
            double rate = produce(bootstrap, run[0], Integer.parseInt(run[1]), Integer.parseInt(run[2]),
                    Integer.parseInt(run[3]), Integer.parseInt(run[4]));
            out.println(RATE + String.format(Locale.ROOT, "%.2f", rate));
            out.flush();
        }
    }
}
