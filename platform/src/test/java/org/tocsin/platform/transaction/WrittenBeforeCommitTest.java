package org.tocsin.platform.transaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import org.tocsin.testkit.spring.RealInfrastructure;

/** Against a real PostgreSQL transaction manager: what is written, when, and in which transaction. */
@SpringBootTest
@RealInfrastructure
class WrittenBeforeCommitTest {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }

    @Autowired
    PlatformTransactionManager transactionManager;

    private final List<List<String>> writes = new ArrayList<>();
    private final AtomicInteger afterCommits = new AtomicInteger();
    private final WrittenBeforeCommit<String> rows = new WrittenBeforeCommit<>(
            written -> writes.add(List.copyOf(written)), afterCommits::incrementAndGet);

    @Test
    void aTransactionsRowsAreWrittenOnceInOrderJustBeforeItCommits() {
        new TransactionTemplate(transactionManager).executeWithoutResult(tx -> {
            rows.add("a");
            rows.add("b");
            rows.add("c");
            assertThat(writes).as("nothing written before the commit").isEmpty();
        });

        assertThat(writes).containsExactly(List.of("a", "b", "c"));
        assertThat(afterCommits).hasValue(1);
    }

    @Test
    void aRolledBackTransactionWritesNothingAndTheNextStartsAfresh() {
        var transactions = new TransactionTemplate(transactionManager);
        assertThatThrownBy(() -> transactions.executeWithoutResult(tx -> {
            rows.add("lost");
            throw new IllegalStateException("the change fails");
        })).hasMessage("the change fails");
        transactions.executeWithoutResult(tx -> rows.add("kept"));

        assertThat(writes).containsExactly(List.of("kept"));
        assertThat(afterCommits).hasValue(1);
    }

    @Test
    void aWriterThatFailsRollsTheTransactionBack() {
        var failing = new WrittenBeforeCommit<String>(written -> {
            throw new IllegalStateException("cannot write " + written);
        }, afterCommits::incrementAndGet);

        assertThatThrownBy(() -> new TransactionTemplate(transactionManager).executeWithoutResult(tx -> failing.add("x")))
                .hasMessage("cannot write [x]");
        assertThat(afterCommits).hasValue(0);
    }

    @Test
    void anInnerTransactionOfItsOwnWritesItsRowsInItself() {
        var outer = new TransactionTemplate(transactionManager);
        var inner = new TransactionTemplate(transactionManager);
        inner.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);

        outer.executeWithoutResult(tx -> {
            rows.add("outer 1");
            inner.executeWithoutResult(innerTx -> rows.add("inner"));
            assertThat(writes).as("the inner transaction has committed its row").containsExactly(List.of("inner"));
            rows.add("outer 2");
        });

        assertThat(writes).containsExactly(List.of("inner"), List.of("outer 1", "outer 2"));
        assertThat(afterCommits).hasValue(2);
    }

    @Test
    void refusesARowOutsideATransaction() {
        assertThatThrownBy(() -> rows.add("x")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("transaction");
    }
}
