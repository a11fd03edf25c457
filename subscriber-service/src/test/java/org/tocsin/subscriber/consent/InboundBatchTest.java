package org.tocsin.subscriber.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.tocsin.contracts.Channel;
import org.tocsin.contracts.InboundMessageReceived;
import org.tocsin.contracts.SharedRedisKeys;
import org.tocsin.contracts.Topics;
import org.tocsin.platform.redis.RedisProperties;
import org.tocsin.subscriber.SubscriberServiceTest;
import org.tocsin.subscriber.TestPhones;
import redis.clients.jedis.JedisPooled;

/**
 * The inbound listener's batches, handed to it directly as one poll would (the records never go
 * through Kafka, so which records share a poll is certain): order within a batch, and what
 * commits when one message of a batch fails.
 */
@SubscriberServiceTest
class InboundBatchTest {

    private static final AtomicLong OFFSETS = new AtomicLong();

    @Autowired
    InboundListener listener;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    JedisPooled jedis;
    @Autowired
    RedisProperties redis;

    @AfterEach
    void dropFault() {
        jdbc.execute("DROP TRIGGER IF EXISTS refuse_poison ON processed_message");
        jdbc.execute("DROP TRIGGER IF EXISTS count_supporter_insert ON supporter");
    }

    @Test
    void aJoinThenAStopInOneBatchEndsSuppressedAndAStopThenAJoinDoesNot() {
        String joinedThenStopped = TestPhones.next();
        String stoppedThenJoined = TestPhones.next();

        listener.onInbound(List.of(
                record(joinedThenStopped, "JOIN"),
                record(stoppedThenJoined, "STOP"),
                record(joinedThenStopped, "STOP"),
                record(stoppedThenJoined, "JOIN")));

        assertThat(suppressed(joinedThenStopped)).isTrue();
        assertThat(optedOut(joinedThenStopped)).isTrue();
        assertThat(suppressed(stoppedThenJoined)).isFalse();
        assertThat(optedOut(stoppedThenJoined)).isFalse();
    }

    @Test
    void aMessageTwiceInOneBatchOrHandledInAnEarlierOneAppliesOnce() {
        String phone = TestPhones.next();
        ConsumerRecord<String, Object> join = record(phone, "JOIN");
        ConsumerRecord<String, Object> stop = record(phone, "STOP");
        listener.onInbound(List.of(join));

        // the JOIN redelivered, then the STOP twice in the same poll
        listener.onInbound(List.of(join, stop, stop));

        assertThat(jdbc.queryForList("SELECT l.state FROM consent_ledger l JOIN supporter s ON s.id = l.supporter_id"
                + " WHERE s.phone = ? ORDER BY l.id", String.class, phone)).containsExactly("SUBSCRIBED", "UNSUBSCRIBED");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM outbox WHERE event_key = ? AND event_type = ?",
                Integer.class, phone, "OutboundMessageRequested")).as("one reply to each").isEqualTo(2);
        assertThat(outcomeOf(join)).isEqualTo("JOINED");
        assertThat(outcomeOf(stop)).isEqualTo("OPTED_OUT");
        assertThat(optedOut(phone)).isTrue();
        assertThat(suppressed(phone)).isTrue();
    }

    @Test
    void aBatchLocksItsSendersAtOnceYetANumberItCreatesIsKnownToItsLaterMessages() {
        String joinsThenThanks = TestPhones.next();
        String member = TestPhones.next();
        String stranger = TestPhones.next();
        listener.onInbound(List.of(record(member, "JOIN")));
        ConsumerRecord<String, Object> thanks = record(joinsThenThanks, "Thank you");
        ConsumerRecord<String, Object> strangerText = record(stranger, "hello");

        listener.onInbound(List.of(record(joinsThenThanks, "JOIN Maria"), record(member, "JOIN Ana"), thanks, strangerText));

        // a stranger's text gets the hint; the same text after a JOIN in the same batch does not
        assertThat(outcomeOf(thanks)).isEqualTo("IGNORED");
        assertThat(outcomeOf(strangerText)).isEqualTo("HINT");
        assertThat(firstName(joinsThenThanks)).as("created with the name").isEqualTo("Maria");
        assertThat(firstName(member)).as("a member's name updated").isEqualTo("Ana");
        assertThat(supporters(stranger)).isEmpty();
    }

    @Test
    void strangersFirstMessagesAreSettledTogetherAndStillApplyInOrder() {
        String joins = TestPhones.next();
        String stops = TestPhones.next();
        String writes = TestPhones.next();
        String hintedThenJoins = TestPhones.next();
        String joinsThenStops = TestPhones.next();
        ConsumerRecord<String, Object> join = record(joins, "JOIN Maria");
        ConsumerRecord<String, Object> stop = record(stops, "СТОП");
        ConsumerRecord<String, Object> text = record(writes, "hello");
        ConsumerRecord<String, Object> textAgain = record(writes, "hello?");
        ConsumerRecord<String, Object> yes = record(hintedThenJoins, "YES");
        ConsumerRecord<String, Object> thenJoin = record(hintedThenJoins, "JOIN");
        ConsumerRecord<String, Object> firstJoin = record(joinsThenStops, "JOIN");
        ConsumerRecord<String, Object> thenStop = record(joinsThenStops, "STOP");
        List<String> phones = List.of(joins, stops, writes, hintedThenJoins, joinsThenStops);
        countSupporterInserts();

        listener.onInbound(List.of(join, stop, text, yes, firstJoin, textAgain, thenJoin, thenStop));

        assertThat(outcomeOf(join)).isEqualTo("JOINED");
        assertThat(firstName(joins)).isEqualTo("Maria");
        assertThat(outcomeOf(stop)).isEqualTo("OPTED_OUT");
        assertThat(language(stops)).as("created with the keyword's language").isEqualTo("ru");
        assertThat(optedOut(stops)).isTrue();
        assertThat(suppressed(stops)).isTrue();
        assertThat(outcomeOf(text)).isEqualTo("HINT");
        assertThat(outcomeOf(textAgain)).as("one hint a day").isEqualTo("IGNORED");
        assertThat(outcomeOf(yes)).isEqualTo("HINT");
        assertThat(outcomeOf(thenJoin)).isEqualTo("JOINED");
        assertThat(outcomeOf(firstJoin)).isEqualTo("JOINED");
        assertThat(outcomeOf(thenStop)).isEqualTo("OPTED_OUT");
        assertThat(optedOut(joinsThenStops)).isTrue();
        assertThat(supporters(phones.toArray(String[]::new))).containsExactlyInAnyOrder(joins, stops, hintedThenJoins,
                joinsThenStops);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM outbox WHERE event_key IN (?, ?) AND event_type = ?",
                Integer.class, writes, hintedThenJoins, "OutboundMessageRequested")).as("two hints, one welcome").isEqualTo(3);
        // the strangers whose first message here created them: one INSERT; the hinted one's JOIN came later
        assertThat(supporterInserts(phones)).containsExactlyInAnyOrder(
                List.of(joins, stops, joinsThenStops).stream().sorted().toList(), List.of(hintedThenJoins));
    }

    @Test
    void whenOneMessageOfABatchFailsTheOnesBeforeItCommitAndTheRetryStartsAtIt() {
        String before = TestPhones.next();
        String failing = TestPhones.next();
        String after = TestPhones.next();
        List<ConsumerRecord<String, Object>> poll = List.of(record(before, "JOIN"), record(failing, "JOIN"),
                record(after, "JOIN"));
        refuse(((InboundMessageReceived) poll.get(1).value()).providerMessageId());

        assertThatThrownBy(() -> listener.onInbound(poll))
                .isInstanceOfSatisfying(BatchListenerFailedException.class, e -> assertThat(e.getRecord()).isSameAs(poll.get(1)));
        assertThat(supporters(before, failing, after)).containsExactly(before);

        // the container's error handler commits the offsets before the failed record and polls from it again
        dropFault();
        listener.onInbound(poll.subList(1, 3));
        assertThat(supporters(before, failing, after)).containsExactlyInAnyOrder(before, failing, after);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM consent_ledger l JOIN supporter s ON s.id = l.supporter_id "
                + "WHERE s.phone IN (?, ?, ?)", Integer.class, before, failing, after)).isEqualTo(3);
    }

    // Each INSERT statement on supporter, with the numbers it inserted (a statement trigger sees them all).
    private void countSupporterInserts() {
        jdbc.execute("CREATE TABLE IF NOT EXISTS test_supporter_insert (phones text[])");
        jdbc.execute("""
                CREATE OR REPLACE FUNCTION count_supporter_insert() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO test_supporter_insert SELECT array_agg(phone ORDER BY phone) FROM inserted HAVING count(*) > 0;
                    RETURN NULL;
                END $$""");
        jdbc.execute("CREATE TRIGGER count_supporter_insert AFTER INSERT ON supporter REFERENCING NEW TABLE AS inserted"
                + " FOR EACH STATEMENT EXECUTE FUNCTION count_supporter_insert()");
    }

    /** The numbers of each INSERT that inserted any of {@code phones}. */
    private List<List<String>> supporterInserts(List<String> phones) {
        return jdbc.queryForList("SELECT array_to_string(phones, ',') FROM test_supporter_insert WHERE phones && ?::text[]",
                        String.class, (Object) phones.toArray(String[]::new))
                .stream().map(joined -> List.of(joined.split(","))).toList();
    }

    // A fault inside PostgreSQL for one message id: the batch's transaction fails as on a real error.
    private void refuse(String messageId) {
        jdbc.execute("""
                CREATE OR REPLACE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.message_id = '%s' THEN RAISE EXCEPTION 'refused by the test'; END IF;
                    RETURN NEW;
                END $$""".formatted(messageId));
        jdbc.execute("CREATE TRIGGER refuse_poison BEFORE INSERT ON processed_message FOR EACH ROW EXECUTE FUNCTION refuse_poison()");
    }

    private static ConsumerRecord<String, Object> record(String phone, String body) {
        var message = new InboundMessageReceived("SM" + UUID.randomUUID().toString().replace("-", ""), "twilio",
                Channel.SMS, phone, "+15005550006", body, Instant.now());
        return new ConsumerRecord<>(Topics.INBOUND, 0, OFFSETS.incrementAndGet(), phone, message);
    }

    private List<String> supporters(String... phones) {
        List<String> known = new ArrayList<>();
        for (String phone : phones) {
            if (jdbc.queryForObject("SELECT count(*) FROM supporter WHERE phone = ?", Integer.class, phone) == 1) {
                known.add(phone);
            }
        }
        return known;
    }

    private String firstName(String phone) {
        return jdbc.queryForObject("SELECT first_name FROM supporter WHERE phone = ?", String.class, phone);
    }

    private String outcomeOf(ConsumerRecord<String, Object> record) {
        return jdbc.queryForObject("SELECT outcome FROM processed_message WHERE message_id = ?", String.class,
                ((InboundMessageReceived) record.value()).providerMessageId());
    }

    private String language(String phone) {
        return jdbc.queryForObject("SELECT language FROM supporter WHERE phone = ?", String.class, phone);
    }

    private boolean optedOut(String phone) {
        return jdbc.queryForObject("SELECT opted_out_at IS NOT NULL FROM supporter WHERE phone = ?", Boolean.class, phone);
    }

    private boolean suppressed(String phone) {
        return jedis.sismember(redis.key(SharedRedisKeys.SUPPRESSED_PHONES), phone);
    }
}
