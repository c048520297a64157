package io.incidentbot.postmortem;

/**
 * A value the drafter read from the conversation, not one a person set: the value, the words it was
 * read from ({@code quote}, plain text with mentions as {@code <@U…>}) and the message they are in.
 */
public record Suggested<T>(T value, String quote, Source source) {
}
