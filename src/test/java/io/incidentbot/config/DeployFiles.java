package io.incidentbot.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The repository's Dockerfile read the way Docker reads it: instructions, stages, their ENV. */
public final class DeployFiles {
    private static final Pattern ENV_PAIR = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"[^\"]*\"|\\S+)");

    private DeployFiles() {
    }

    /** One instruction ({@code RUN}, {@code USER}, …) with its arguments, continuation lines joined. */
    public record Instruction(String keyword, String arguments) {
    }

    /** A build stage: its {@code FROM} line and the instructions after it. */
    public record Stage(String from, List<Instruction> instructions) {
        public List<String> all(String keyword) {
            return instructions.stream().filter(i -> i.keyword().equals(keyword)).map(Instruction::arguments).toList();
        }

        /** The ENV pairs of this stage, in order. */
        public Map<String, String> env() {
            Map<String, String> env = new LinkedHashMap<>();
            for (String args : all("ENV")) {
                Matcher m = ENV_PAIR.matcher(args);
                while (m.find()) {
                    env.put(m.group(1), m.group(2).replaceAll("^\"|\"$", ""));
                }
            }
            return env;
        }
    }

    public static List<Stage> dockerfileStages() throws IOException {
        List<Stage> stages = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        for (String raw : Files.readAllLines(Path.of("Dockerfile"), StandardCharsets.UTF_8)) {
            String line = raw.strip();
            if (pending.isEmpty() && (line.isEmpty() || line.startsWith("#"))) {
                continue;
            }
            if (line.startsWith("#")) {
                continue; // a comment inside a continued instruction
            }
            if (line.endsWith("\\")) {
                pending.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            pending.append(line);
            String instruction = pending.toString().strip();
            pending.setLength(0);
            int space = instruction.indexOf(' ');
            String keyword = instruction.substring(0, space).toUpperCase(java.util.Locale.ROOT);
            String arguments = instruction.substring(space + 1).strip().replaceAll("\\s+", " ");
            if (keyword.equals("FROM")) {
                stages.add(new Stage(arguments, new ArrayList<>()));
            } else if (stages.isEmpty()) {
                throw new IllegalStateException("Dockerfile: " + keyword + " before the first FROM");
            } else {
                stages.get(stages.size() - 1).instructions().add(new Instruction(keyword, arguments));
            }
        }
        if (!pending.isEmpty()) {
            throw new IllegalStateException("Dockerfile ends inside a continued line");
        }
        return stages;
    }

    /** The image that runs: the last stage. */
    public static Stage dockerfile() throws IOException {
        List<Stage> stages = dockerfileStages();
        return stages.get(stages.size() - 1);
    }
}
