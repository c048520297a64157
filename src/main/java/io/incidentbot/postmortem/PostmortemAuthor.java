package io.incidentbot.postmortem;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Who was asked to write the postmortem, or offered to: "<@U> please own the postmortem", "<@U> can you
 * write the postmortem?", "I'll write up the postmortem", "postmortem owner: <@U>", "<@U>님이 포스트모템
 * 작성해 주세요", "회고 문서는 제가 쓰겠습니다". The latest such sentence wins. A question that asks a named
 * person counts (it is how the ask is usually made); one that asks nobody ("who writes the postmortem?")
 * does not.
 */
final class PostmortemAuthor {
    private PostmortemAuthor() {
    }

    private static final Pattern DOC = Phrases.ci("post[\\s-]?mortem|\\bpm\\s+(?:doc|draft)\\b|write[\\s-]?up|\\brca\\b|"
            + "retro(?:spective)?\\b|incident\\s+(?:review|report)|\\bpir\\b|after[\\s-]action|포스트\\s*모템|포스트모템|회고|"
            + "사후\\s*(?:분석|리뷰|보고서)|장애\\s*보고서|원인\\s*분석\\s*(?:문서|보고서)|리포트");
    private static final Pattern WRITE = Phrases.ci("\\b(?:own(?:s|ing)?|write|writing|draft(?:ing)?|take|taking|drive|"
            + "driving|lead|author(?:ing)?|handle|start|put\\s+together|do)\\b|\\bowner\\b|작성|맡|정리|써|쓰|담당");
    private static final Pattern SELF = Phrases.ci("\\b(?:" + Phrases.I_WILL + "|" + Phrases.I_AM + ")\\b|\\bme\\b|제가|저는|내가|저\\s");
    private static final Pattern NOT = Phrases.ci("\\bnot\\b|n't\\b|\\bwho\\b|\\bsomeone\\b|\\banyone\\b|\\bvolunteer|누가|안\\s");

    /** The latest ask or offer to write the postmortem: the person named, else the speaker offering. */
    static java.util.Optional<Suggested<String>> find(List<Utterance> utterances) {
        Suggested<String> found = null;
        for (Utterance u : utterances) {
            if (u.bot() || u.speaker() == null) {
                continue;
            }
            for (String sentence : u.sentences()) {
                String who = author(sentence, u.speaker());
                if (who != null) {
                    found = new Suggested<>(who, sentence, u.source());
                }
            }
        }
        return java.util.Optional.ofNullable(found);
    }

    static String author(String sentence, String speaker) {
        if (!DOC.matcher(sentence).find() || !WRITE.matcher(sentence).find() || NOT.matcher(sentence).find()) {
            return null;
        }
        List<String> named = Utterance.mentions(sentence);
        for (String id : named) {
            if (!id.equals(speaker)) {
                return id;
            }
        }
        if (SELF.matcher(sentence).find() && !Phrases.question(sentence)) {
            return speaker;
        }
        return null;
    }

    /** True when {@code sentence} is about who writes the postmortem (so it is no action item). */
    static boolean about(String sentence) {
        return DOC.matcher(sentence).find() && WRITE.matcher(sentence).find();
    }
}
