package io.incidentbot.postmortem;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Finds earlier incidents that resemble the current one (template section "Repeated incidents"):
 * a repeated root cause means the earlier action items did not work.
 *
 * <p>Title and root cause are tokenised (lower case, runs of letters and digits, English stop
 * words and words shorter than 3 characters dropped, light stemming of plural -s/-es, -ing and
 * -ed), and two incidents are scored by a weighted Jaccard similarity of their token sets in
 * which a token from the root cause weighs {@value #ROOT_CAUSE_WEIGHT} and a token only in the
 * title weighs 1: the sum over shared tokens of the smaller weight, divided by the sum over all
 * tokens of the larger weight. So root-cause overlap counts double, and an incident without a
 * root cause is still compared by its title.
 */
public final class SimilarIncidents {

    /** An incident as far as similarity is concerned; title and root cause may be null. */
    public record Candidate(long id, String title, String rootCause) {
    }

    /**
     * An earlier incident that resembles the current one: its id, the score in (0, 1], and the
     * meaningful words both share (as written in the current incident, lower case), sorted.
     */
    public record Match(long id, double score, Set<String> sharedWords) {
    }

    /** Matches scoring below this are left out. */
    public static final double MIN_SCORE = 0.2;
    static final int ROOT_CAUSE_WEIGHT = 2;

    private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");

    private static final Set<String> STOP_WORDS = Set.of(
            "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are",
            "aren", "as", "at", "be", "because", "been", "before", "being", "below", "between", "both", "but",
            "by", "can", "cannot", "could", "couldn", "did", "didn", "do", "does", "doesn", "doing", "don", "down",
            "during", "each", "few", "for", "from", "further", "had", "hadn", "has", "hasn", "have", "haven",
            "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how", "i", "if", "in",
            "into", "is", "isn", "it", "its", "itself", "just", "me", "more", "most", "my", "myself", "no", "nor",
            "not", "now", "of", "off", "on", "once", "only", "or", "other", "our", "ours", "ourselves", "out",
            "over", "own", "same", "she", "should", "shouldn", "so", "some", "such", "than", "that", "the",
            "their", "theirs", "them", "themselves", "then", "there", "these", "they", "this", "those",
            "through", "to", "too", "under", "until", "up", "very", "via", "was", "wasn", "we", "were", "weren",
            "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with", "within",
            "without", "won", "would", "wouldn", "you", "your", "yours", "yourself", "yourselves", "still",
            "yet", "got", "get", "gets", "across", "since", "due");

    private SimilarIncidents() {
    }

    /**
     * The earlier incidents that resemble {@code current}, best first (ties: the higher id, i.e.
     * the more recent, first), at most {@code limit}. An earlier candidate with the current id is
     * skipped; only matches scoring at least {@link #MIN_SCORE} with at least one shared word are
     * returned.
     */
    public static List<Match> find(Candidate current, List<Candidate> earlier, int limit) {
        Objects.requireNonNull(current, "current");
        if (earlier == null || earlier.isEmpty() || limit <= 0) {
            return List.of();
        }
        Tokens mine = Tokens.of(current);
        if (mine.weights.isEmpty()) {
            return List.of();
        }
        List<Match> matches = new ArrayList<>();
        for (Candidate other : earlier) {
            if (other == null || other.id() == current.id()) {
                continue;
            }
            Match m = score(mine, other);
            if (m != null) {
                matches.add(m);
            }
        }
        matches.sort(Comparator.comparingDouble(Match::score).reversed()
                .thenComparing(Comparator.comparingLong(Match::id).reversed()));
        return List.copyOf(matches.subList(0, Math.min(limit, matches.size())));
    }

    private static Match score(Tokens mine, Candidate other) {
        Map<String, Integer> theirs = Tokens.of(other).weights;
        if (theirs.isEmpty()) {
            return null;
        }
        double shared = 0;
        double union = 0;
        Set<String> sharedWords = new TreeSet<>();
        for (Map.Entry<String, Integer> e : mine.weights.entrySet()) {
            Integer w = theirs.get(e.getKey());
            if (w == null) {
                union += e.getValue();
            } else {
                shared += Math.min(w, e.getValue());
                union += Math.max(w, e.getValue());
                sharedWords.add(mine.surface.get(e.getKey()));
            }
        }
        for (Map.Entry<String, Integer> e : theirs.entrySet()) {
            if (!mine.weights.containsKey(e.getKey())) {
                union += e.getValue();
            }
        }
        double score = shared / union;
        if (sharedWords.isEmpty() || score < MIN_SCORE) {
            return null;
        }
        return new Match(other.id(), score, Collections.unmodifiableSet(sharedWords));
    }

    /** Stemmed tokens with their weight, and the first way each was written. */
    private record Tokens(Map<String, Integer> weights, Map<String, String> surface) {

        static Tokens of(Candidate c) {
            Tokens t = new Tokens(new LinkedHashMap<>(), new LinkedHashMap<>());
            t.add(c.rootCause(), ROOT_CAUSE_WEIGHT);
            t.add(c.title(), 1);
            return t;
        }

        private void add(String text, int weight) {
            for (String word : words(text)) {
                String stem = stem(word);
                weights.merge(stem, weight, Math::max);
                surface.putIfAbsent(stem, word);
            }
        }
    }

    /** The meaningful words of {@code text}, lower case, in order (not yet stemmed). */
    static List<String> words(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String w : NON_WORD.split(text.toLowerCase(Locale.ROOT))) {
            if (w.length() >= 3 && !STOP_WORDS.contains(w)) {
                out.add(w);
            }
        }
        return out;
    }

    /** The stemmed meaningful words of {@code text}. */
    static Set<String> stems(String text) {
        Set<String> out = new TreeSet<>();
        for (String w : words(text)) {
            out.add(stem(w));
        }
        return out;
    }

    /**
     * Light stemming, so that "errors", "error"; "deployed", "deploying", "deploys"; "caches",
     * "caching", "cache" meet: strips a plural -s/-es (-ies becomes -y), -ing and -ed (undoubling
     * "running" to "run"), then a final silent -e.
     */
    static String stem(String word) {
        String w = word;
        if (w.length() <= 3 || !hasLetter(w)) {
            return w;
        }
        if (w.endsWith("ies") && w.length() > 4) {
            w = w.substring(0, w.length() - 3) + "y";
        } else if (w.endsWith("sses")) {
            w = w.substring(0, w.length() - 2);
        } else if (w.endsWith("es") && endsWithSibilant(w.substring(0, w.length() - 2))) {
            w = w.substring(0, w.length() - 2);
        } else if (w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is")) {
            w = w.substring(0, w.length() - 1);
        } else if (w.endsWith("ing") && isStem(w.substring(0, w.length() - 3))) {
            w = undouble(w.substring(0, w.length() - 3));
        } else if (w.endsWith("ed") && !w.endsWith("eed") && isStem(w.substring(0, w.length() - 2))) {
            w = undouble(w.substring(0, w.length() - 2));
        }
        if (w.length() > 3 && w.endsWith("e")) {
            w = w.substring(0, w.length() - 1);
        }
        return w;
    }

    private static boolean endsWithSibilant(String s) {
        return s.endsWith("s") || s.endsWith("x") || s.endsWith("z") || s.endsWith("ch") || s.endsWith("sh");
    }

    /** At least 3 characters and a vowel: "string" does not lose its "ing". */
    private static boolean isStem(String s) {
        if (s.length() < 3) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if ("aeiouy".indexOf(s.charAt(i)) >= 0) {
                return true;
            }
        }
        return false;
    }

    private static String undouble(String s) {
        int n = s.length();
        if (n >= 3 && s.charAt(n - 1) == s.charAt(n - 2) && "lsz".indexOf(s.charAt(n - 1)) < 0
                && "aeiou".indexOf(s.charAt(n - 1)) < 0) {
            return s.substring(0, n - 1);
        }
        return s;
    }

    private static boolean hasLetter(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isLetter(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }
}
