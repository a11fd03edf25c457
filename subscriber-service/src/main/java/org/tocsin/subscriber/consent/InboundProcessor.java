package org.tocsin.subscriber.consent;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.tocsin.contracts.Channel;
import org.tocsin.contracts.ConsentChanged;
import org.tocsin.contracts.ConsentState;
import org.tocsin.contracts.InboundMessageReceived;
import org.tocsin.contracts.OptOutReportedByProvider;
import org.tocsin.contracts.Purpose;
import org.tocsin.contracts.Topics;
import org.tocsin.platform.outbox.Outbox;
import org.tocsin.subscriber.keyword.Command;
import org.tocsin.subscriber.keyword.Keyword;
import org.tocsin.subscriber.list.ListDirectory;
import org.tocsin.subscriber.list.SupporterList;
import org.tocsin.subscriber.outgoing.OutgoingMessages;
import org.tocsin.subscriber.outgoing.ReplyTexts;
import org.tocsin.subscriber.reply.OpenAction;
import org.tocsin.subscriber.reply.OpenActions;
import org.tocsin.subscriber.reply.ResponseRecorder;
import org.tocsin.subscriber.supporter.Supporter;
import org.tocsin.subscriber.supporter.SupporterRepository;

/**
 * Applies inbound messages in one transaction (one message, or a poll's batch): the ledger row,
 * the subscription, the supporter's name and language, and the events announcing them
 * (ConsentChanged, the reply) all commit together through the outbox, or not at all. Messages of
 * one supporter apply one at a time (row lock).
 *
 * <p>Who is a stranger: a number with no supporter row. Only consent keywords (opt-in, opt-out,
 * YES to a pending list) create a supporter; HELP and unknown text do not, so a stranger stays a
 * stranger until they join or leave. A supporter's text that is no keyword and answers no open
 * action gets no reply at all: answering everything invites loops with auto-responders.
 */
@Service
class InboundProcessor {

    static final String CAUSE_OPT_IN = "OPT_IN";
    static final String CAUSE_OPT_OUT = "OPT_OUT";
    static final String CAUSE_CONFIRM = "CONFIRM";
    static final String CAUSE_PROVIDER_OPT_OUT = "PROVIDER_OPT_OUT";

    private final ProcessedMessages processed;
    private final SupporterRepository supporters;
    private final Subscriptions subscriptions;
    private final ConsentLedger ledger;
    private final ListDirectory lists;
    private final OpenActions openActions;
    private final ResponseRecorder responses;
    private final OutgoingMessages messages;
    private final ReplyTexts texts;
    private final Suppression suppression;
    private final StrangerHints hints;
    private final Outbox outbox;
    private final Clock clock;

    InboundProcessor(ProcessedMessages processed, SupporterRepository supporters, Subscriptions subscriptions,
                     ConsentLedger ledger, ListDirectory lists, OpenActions openActions, ResponseRecorder responses,
                     OutgoingMessages messages, ReplyTexts texts, Suppression suppression, StrangerHints hints,
                     Outbox outbox, Clock clock) {
        this.processed = processed;
        this.supporters = supporters;
        this.subscriptions = subscriptions;
        this.ledger = ledger;
        this.lists = lists;
        this.openActions = openActions;
        this.responses = responses;
        this.messages = messages;
        this.texts = texts;
        this.suppression = suppression;
        this.hints = hints;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** One message to apply and what its text asks for. */
    record Inbound(InboundMessageReceived message, Command command) {
    }

    @Transactional
    Outcome handle(InboundMessageReceived in, Command command) {
        return handleAll(List.of(new Inbound(in, command))).getFirst();
    }

    /**
     * Applies {@code batch} in order in one transaction: a storm of inbound messages commits once
     * per batch instead of once per message. All or none: if one fails, none is applied.
     */
    @Transactional
    List<Outcome> handleAll(List<Inbound> batch) {
        // the batch's claims and outcomes in one statement each, not one per message
        List<Boolean> first = processed.claimAll(batch.stream().map(i -> i.message().providerMessageId()).toList());
        // each sender's first message to apply here, by its place in the batch
        Map<String, Integer> firstMessage = new HashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            if (first.get(i)) {
                firstMessage.putIfAbsent(batch.get(i).message().from(), i);
            }
        }
        // the batch's senders locked in one round trip; a number's later messages read its row again,
        // as an earlier one may have created or changed it
        Map<String, Supporter> lockedFirst = supporters.lockAllByPhone(firstMessage.keySet());
        Strangers strangers = settleStrangers(batch, firstMessage, lockedFirst);
        List<Outcome> outcomes = new ArrayList<>(batch.size());
        List<String> appliedIds = new ArrayList<>(batch.size());
        List<Outcome> appliedOutcomes = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            InboundMessageReceived in = batch.get(i).message();
            if (!first.get(i)) {
                outcomes.add(Outcome.DUPLICATE);
                continue;
            }
            String phone = in.from();
            Sender sender = firstMessage.get(phone) != i ? Sender.as(supporters.lockByPhone(phone))
                    : lockedFirst.containsKey(phone) ? Sender.as(Optional.of(lockedFirst.get(phone)))
                    : strangers.firstMessageOf(phone);
            Outcome outcome = applyClaimed(in, batch.get(i).command(), sender);
            outcomes.add(outcome);
            appliedIds.add(in.providerMessageId());
            appliedOutcomes.add(outcome);
        }
        processed.recordOutcomes(appliedIds, appliedOutcomes);
        return outcomes;
    }

    /**
     * The sender as one message finds them: their row, if any; whether this batch has just created
     * it for this message (with the message's name and language, on no list yet); and, for a
     * stranger's first text that gets the hint, whether the batch claimed it.
     */
    private record Sender(Optional<Supporter> row, boolean createdForThis, Optional<Boolean> hintClaimed) {

        static Sender as(Optional<Supporter> row) {
            return new Sender(row, false, Optional.empty());
        }
    }

    /**
     * A stranger's first message in the batch either creates their row (a consent keyword) or gets
     * the hint (any other text but HELP): the rows are inserted in one statement and the hints
     * claimed in one round trip. A hint claimed for a batch that then fails is not sent: at most one
     * a day is the rule.
     */
    private Strangers settleStrangers(List<Inbound> batch, Map<String, Integer> firstMessage,
                                      Map<String, Supporter> lockedFirst) {
        // one entry per sender already; createAll inserts in phone order (consistent lock order)
        List<SupporterRepository.NewSupporter> toCreate = new ArrayList<>();
        Set<String> toHint = new HashSet<>();
        for (Map.Entry<String, Integer> sender : firstMessage.entrySet()) {
            String phone = sender.getKey();
            if (lockedFirst.containsKey(phone)) {
                continue;
            }
            Command command = batch.get(sender.getValue()).command();
            Optional<SupporterRepository.NewSupporter> created = createdBy(phone, command);
            if (created.isPresent()) {
                toCreate.add(created.get());
            } else if (!(command instanceof Command.Help)) {
                toHint.add(phone);
            }
        }
        return new Strangers(supporters.createAll(toCreate), toHint, hints.claimAll(toHint));
    }

    /** What a batch settled up front for the strangers among its senders. */
    private record Strangers(Map<String, Supporter> created, Set<String> hintable, Set<String> hinted) {

        /** A stranger as their first message in the batch finds them. */
        Sender firstMessageOf(String phone) {
            if (created.containsKey(phone)) {
                return new Sender(Optional.of(created.get(phone)), true, Optional.empty());
            }
            return new Sender(Optional.empty(), false,
                    hintable.contains(phone) ? Optional.of(hinted.contains(phone)) : Optional.empty());
        }
    }

    /** The row a consent keyword creates for a stranger, with the name and language it gives; empty for other text. */
    private static Optional<SupporterRepository.NewSupporter> createdBy(String phone, Command command) {
        return switch (command) {
            case Command.OptIn c -> Optional.of(new SupporterRepository.NewSupporter(phone, c.firstName(), c.keyword().language()));
            case Command.OptOut c -> Optional.of(new SupporterRepository.NewSupporter(phone, null, c.keyword().language()));
            default -> Optional.empty();
        };
    }

    private Outcome applyClaimed(InboundMessageReceived in, Command command, Sender sender) {
        Instant at = in.receivedAt() == null ? clock.instant() : in.receivedAt();
        Outcome outcome = switch (command) {
            case Command.OptOut c when c.everyList() -> optOutEverywhere(in, at, c.keyword(), sender);
            case Command.OptOut c -> leaveList(in, at, c, sender);
            case Command.OptIn c -> join(in, at, c, sender);
            case Command.Help c -> help(in, c.keyword(), sender.row());
            case Command.Confirm c -> confirmOrRespond(in, at, c, sender);
            case Command.Decline c -> respondOrHint(in, at, c, sender);
            case Command.Unrecognised c -> respondOrHint(in, at, c, sender);
        };
        if (outcome.leftEverything()) {
            // Before commit, so before the STOP confirmation can exist: the gateway refuses everything else from now on.
            suppression.addBeforeCommit(in.from());
        }
        return outcome;
    }

    /** The provider says the number opted out with it (Twilio 21610): recorded like a STOP, without a reply. */
    @Transactional
    Outcome handle(OptOutReportedByProvider report) {
        Instant at = report.occurredAt() == null ? clock.instant() : report.occurredAt();
        if (!processed.claim(providerOptOutId(report))) {
            return Outcome.DUPLICATE;
        }
        Supporter supporter = supporters.createOrLock(report.phone());
        leaveEverything(supporter, false, at, CAUSE_PROVIDER_OPT_OUT, "provider " + report.provider() + " " + report.code(),
                null, Channel.SMS, supporter.language());
        processed.recordOutcome(providerOptOutId(report), Outcome.PROVIDER_OPT_OUT);
        suppression.addBeforeCommit(report.phone());
        return Outcome.PROVIDER_OPT_OUT;
    }

    static String providerOptOutId(OptOutReportedByProvider report) {
        return "provider-opt-out:" + report.provider() + ":" + report.phone() + ":" + report.occurredAt();
    }

    private Outcome optOutEverywhere(InboundMessageReceived in, Instant at, Keyword keyword, Sender sender) {
        Supporter supporter = withProfile(sender, in.from(), null, keyword.language());
        String language = keywordLanguageOr(keyword, supporter.language());
        leaveEverything(supporter, sender.createdForThis(), at, CAUSE_OPT_OUT, in.body(), in.providerMessageId(),
                in.channel(), language);
        messages.reply(in, supporter.id().toString(), Purpose.OPT_OUT_CONFIRMATION,
                texts.stopped(texts.languageOrFallback(language)));
        return Outcome.OPTED_OUT;
    }

    /** {@code createdNow}: this transaction created the supporter, so they are on no list to leave. */
    private void leaveEverything(Supporter supporter, boolean createdNow, Instant at, String cause, String evidence,
                                 String providerMessageId, Channel channel, String language) {
        ledger.append(supporter.id(), null, ConsentState.UNSUBSCRIBED, cause, evidence, providerMessageId, channel, at);
        for (Subscriptions.Subscription s : createdNow ? List.<Subscriptions.Subscription>of() : subscriptions.of(supporter.id())) {
            if (s.state() != ConsentState.UNSUBSCRIBED) {
                subscriptions.set(supporter.id(), s.listId(), ConsentState.UNSUBSCRIBED, at);
            }
        }
        supporters.setOptedOut(supporter.id(), at);
        announce(supporter, ConsentChanged.ALL_LISTS, ConsentState.UNSUBSCRIBED, supporter.firstName(), language,
                evidence, at);
    }

    private Outcome leaveList(InboundMessageReceived in, Instant at, Command.OptOut command, Sender sender) {
        Supporter supporter = withProfile(sender, in.from(), null, command.keyword().language());
        SupporterList list = list(command.listId());
        String language = keywordLanguageOr(command.keyword(), supporter.language());
        change(supporter, list.id(), ConsentState.UNSUBSCRIBED, CAUSE_OPT_OUT, in, at, supporter.firstName(), language);
        messages.reply(in, supporter.id().toString(), Purpose.OPT_OUT_CONFIRMATION,
                texts.leftList(texts.languageOrFallback(language), list.name()));
        return Outcome.LEFT_LIST;
    }

    private Outcome join(InboundMessageReceived in, Instant at, Command.OptIn command, Sender sender) {
        Supporter supporter = withProfile(sender, in.from(), command.firstName(), command.keyword().language());
        SupporterList list = list(command.listId());
        // only a double opt-in list asks whether they are on it already (a member's JOIN needs no confirming)
        ConsentState next = list.doubleOptIn() && (sender.createdForThis()
                || subscriptions.stateOf(supporter.id(), list.id()).orElse(null) != ConsentState.SUBSCRIBED)
                ? ConsentState.PENDING : ConsentState.SUBSCRIBED;
        String firstName = command.firstName() != null ? command.firstName() : supporter.firstName();
        String language = keywordLanguageOr(command.keyword(), supporter.language());
        if (supporter.optedOutAt() != null) {
            supporters.setOptedOut(supporter.id(), null);
        }
        change(supporter, list.id(), next, CAUSE_OPT_IN, in, at, firstName, language);
        String replyLanguage = texts.languageOrFallback(language);
        messages.reply(in, supporter.id().toString(), Purpose.OPT_IN_CONFIRMATION, next == ConsentState.PENDING
                ? texts.confirmPrompt(replyLanguage, list.name())
                : texts.joined(replyLanguage, list.name()));
        return next == ConsentState.PENDING ? Outcome.PENDING : Outcome.JOINED;
    }

    /**
     * The sender's row with this name and language where given (null keeps the current value): a
     * stranger's is created with them in one round trip.
     */
    private Supporter withProfile(Sender sender, String phone, String firstName, String language) {
        if (sender.row().isEmpty()) {
            return supporters.createOrLock(phone, firstName, language);
        }
        if (!sender.createdForThis()) {
            supporters.updateProfile(sender.row().get().id(), firstName, language);
        }
        return sender.row().get();
    }

    private Outcome help(InboundMessageReceived in, Keyword keyword, Optional<Supporter> known) {
        String language = keywordLanguageOr(keyword, known.map(Supporter::language).orElse(null));
        messages.reply(in, known.map(s -> s.id().toString()).orElse(null), Purpose.HELP,
                texts.help(texts.languageOrFallback(language)));
        return Outcome.HELP;
    }

    /**
     * YES confirms the supporter's pending lists, unless an urgent action reached them after they
     * were asked to confirm: then it answers that action (the most recent question wins).
     */
    private Outcome confirmOrRespond(InboundMessageReceived in, Instant at, Command.Confirm command,
                                     Sender sender) {
        if (sender.row().isEmpty()) {
            return hint(in, sender);
        }
        Supporter supporter = sender.row().get();
        List<Subscriptions.Subscription> pending = subscriptions.of(supporter.id()).stream()
                .filter(s -> s.state() == ConsentState.PENDING).toList();
        Optional<OpenAction> open = openActions.latestFor(supporter.id(), at);
        Instant askedAt = pending.stream().map(Subscriptions.Subscription::updatedAt).max(Instant::compareTo).orElse(null);
        if (askedAt != null && (open.isEmpty() || askedAt.isAfter(open.get().sentAt()))) {
            String language = keywordLanguageOr(command.keyword(), supporter.language());
            supporters.updateProfile(supporter.id(), null, command.keyword().language());
            for (Subscriptions.Subscription s : pending) {
                change(supporter, s.listId(), ConsentState.SUBSCRIBED, CAUSE_CONFIRM, in, at, supporter.firstName(), language);
            }
            String names = pending.stream().map(s -> list(s.listId()).name()).collect(Collectors.joining(", "));
            messages.reply(in, supporter.id().toString(), Purpose.OPT_IN_CONFIRMATION,
                    texts.joined(texts.languageOrFallback(language), names));
            return Outcome.CONFIRMED;
        }
        return open.map(action -> respond(action, supporter, command, in, at)).orElse(Outcome.IGNORED);
    }

    private Outcome respondOrHint(InboundMessageReceived in, Instant at, Command command, Sender sender) {
        if (sender.row().isEmpty()) {
            return hint(in, sender);
        }
        Supporter supporter = sender.row().get();
        return openActions.latestFor(supporter.id(), at)
                .map(action -> respond(action, supporter, command, in, at))
                .orElse(Outcome.IGNORED);
    }

    private Outcome respond(OpenAction action, Supporter supporter, Command command, InboundMessageReceived in, Instant at) {
        return responses.record(action, supporter, command, in, at) ? Outcome.RESPONSE : Outcome.RESPONSE_UPDATED;
    }

    private Outcome hint(InboundMessageReceived in, Sender sender) {
        if (!sender.hintClaimed().orElseGet(() -> hints.claim(in.from()))) {
            return Outcome.IGNORED;
        }
        messages.reply(in, null, Purpose.HINT, texts.hint(texts.languageOrFallback(null)));
        return Outcome.HINT;
    }

    private void change(Supporter supporter, UUID listId, ConsentState state, String cause, InboundMessageReceived in,
                        Instant at, String firstName, String language) {
        ledger.append(supporter.id(), listId, state, cause, in.body(), in.providerMessageId(), in.channel(), at);
        subscriptions.set(supporter.id(), listId, state, at);
        announce(supporter, listId.toString(), state, firstName, language, in.body(), at);
    }

    private void announce(Supporter supporter, String listId, ConsentState state, String firstName, String language,
                          String evidence, Instant at) {
        var event = new ConsentChanged(supporter.id().toString(), supporter.phone(), listId, state, firstName, language,
                evidence, at);
        outbox.publish(Topics.CONSENT, event.key(), event);
    }

    private SupporterList list(UUID id) {
        return lists.find(id).orElseThrow(() -> new IllegalStateException("keyword names a missing list " + id));
    }

    private static String keywordLanguageOr(Keyword keyword, String otherwise) {
        return keyword.language() != null ? keyword.language() : otherwise;
    }
}
