package io.incidentbot.slack.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CommandRouterTest {

    /** A subcommand that remembers what it was given. */
    static final class Recording implements Subcommand {
        final String name;
        final String syntax;
        final List<String> args = new ArrayList<>();
        final List<Invocation> invocations = new ArrayList<>();

        Recording(String name, String syntax) {
            this.name = name;
            this.syntax = syntax;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String syntax() {
            return syntax;
        }

        @Override
        public String description() {
            return "does " + name;
        }

        @Override
        public String run(Invocation invocation, String a) {
            invocations.add(invocation);
            args.add(a);
            return "ran " + name + " with [" + a + "]";
        }
    }

    Recording open;
    Recording resolve;
    Recording list;
    CommandRouter router;

    @BeforeEach
    void setUp() {
        open = new Recording("open", "open [--sev P1|P2|P3|P4] <title> [| <summary>]");
        resolve = new Recording("resolve", "resolve [<root cause>]");
        list = new Recording("list", "list");
        Subcommand failing = new Subcommand() {
            @Override
            public String name() {
                return "explode";
            }

            @Override
            public String syntax() {
                return "explode";
            }

            @Override
            public String description() {
                return "always fails";
            }

            @Override
            public String run(Invocation invocation, String args) {
                throw new IllegalStateException("database is locked: secret internals");
            }
        };
        router = new CommandRouter(List.of(open, resolve, list, failing));
    }

    private static Invocation inv(String text) {
        return new Invocation("T1", "C1", "U1", text, "https://hooks.example/resp", "trigger-1");
    }

    private void assertIsHelp(String reply) {
        assertTrue(reply.contains("How to use `/incident`"), reply);
        for (Subcommand c : List.of(open, resolve, list)) {
            assertTrue(reply.contains(c.usage()), "help lacks " + c.usage() + ":\n" + reply);
        }
        assertTrue(reply.contains("`/incident explode` — always fails"), reply);
        assertTrue(reply.contains("`/incident help`"), reply);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "help", "HELP", "Help me please", "--help", "-h"})
    void emptyAndHelpShowHelp(String text) {
        assertIsHelp(router.handle(inv(text)));
        assertTrue(open.args.isEmpty() && resolve.args.isEmpty() && list.args.isEmpty());
    }

    @Test
    void nullTextShowsHelp() {
        assertIsHelp(router.handle(inv(null)));
    }

    @Test
    void helpListsSubcommandsInRegistrationOrder() {
        String help = router.help();
        int o = help.indexOf("/incident open");
        int r = help.indexOf("/incident resolve");
        int l = help.indexOf("/incident list");
        assertTrue(o >= 0 && o < r && r < l, help);
        assertEquals(5, help.lines().filter(line -> line.startsWith("• ")).count(), help); // 4 registered + help
    }

    @Test
    void unknownSubcommandSaysSoAndShowsHelp() {
        String reply = router.handle(inv("foo bar baz"));
        assertTrue(reply.contains("I don't know `/incident foo`"), reply);
        assertIsHelp(reply);
    }

    @Test
    void subcommandGetsTheRestOfTheText() {
        assertEquals("ran open with [--sev P1 Checkout down | 502s]",
                router.handle(inv("open   --sev P1 Checkout down | 502s  ")));
        assertEquals(List.of("--sev P1 Checkout down | 502s"), open.args);
        assertEquals("U1", open.invocations.get(0).userId());
        assertEquals("C1", open.invocations.get(0).channelId());
    }

    @Test
    void subcommandWithoutArgumentsGetsEmptyText() {
        assertEquals("ran list with []", router.handle(inv("list")));
        assertEquals("ran resolve with []", router.handle(inv("resolve\n")));
    }

    @Test
    void argumentsAfterANewlineOrTabAreKept() {
        router.handle(inv("resolve\texpired cert\nsecond line"));
        assertEquals(List.of("expired cert\nsecond line"), resolve.args);
    }

    @ParameterizedTest
    @ValueSource(strings = {"OPEN DB down", "Open DB down", "oPeN DB down"})
    void subcommandNamesAreCaseInsensitive(String text) {
        assertEquals("ran open with [DB down]", router.handle(inv(text)));
    }

    @Test
    void argumentCaseIsPreserved() {
        router.handle(inv("RESOLVE Expired TLS Cert"));
        assertEquals(List.of("Expired TLS Cert"), resolve.args);
    }

    @Test
    void failingSubcommandGetsAFriendlyMessage() {
        String reply = router.handle(inv("explode now"));
        assertTrue(reply.contains("Something went wrong"), reply);
        assertTrue(reply.contains("`/incident explode`"), reply);
        assertFalse(reply.contains("secret internals"), "internal error details leak: " + reply);
        assertFalse(reply.contains("IllegalStateException"), reply);
    }

    @Test
    void routerWithNoSubcommandsStillAnswers() {
        CommandRouter empty = new CommandRouter(List.of());
        assertTrue(empty.handle(inv("")).contains("`/incident help`"));
        assertTrue(empty.handle(inv("open x")).contains("I don't know `/incident open`"));
    }
}
