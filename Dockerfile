# syntax=docker/dockerfile:1
# The bot as a container image: built from this source tree with the same command as the README's
# quick start, run on a JRE 17 as a non-root user, SQLite data in the /data volume.
#   docker build -t incident-bot .
#   docker run --env-file .env -p 3000:3000 -v incident-bot-data:/data incident-bot
# compose.yaml runs it with PostgreSQL; docs/deploy.md explains both.

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml ./
COPY sql ./sql
COPY examples ./examples
COPY src ./src
RUN --mount=type=cache,target=/root/.m2 mvn -B -q -DskipTests package

FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 incidentbot \
    && useradd --system --uid 10001 --gid incidentbot --home-dir /data --no-create-home \
        --shell /usr/sbin/nologin incidentbot \
    && mkdir -p /data && chown incidentbot:incidentbot /data
COPY --from=build /src/target/incident-bot.jar /app/incident-bot.jar
WORKDIR /data
VOLUME /data
# JAVA_OPTS: -Xmx256m is the heap the benchmark measured (a 100,000-message postmortem drafted and
# published within it); see docs/deploy.md "Heap" before changing it.
ENV DATABASE_URL=jdbc:sqlite:/data/incidents.db \
    PORT=3000 \
    JAVA_OPTS="-Xmx256m"
EXPOSE 3000
USER 10001:10001
# JRE images have no curl: the jar's own health command asks GET /health on PORT (exit 0 when it is 200).
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
    CMD ["java", "-Xmx32m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", "/app/incident-bot.jar", "health"]
# exec: java is PID 1 and gets SIGTERM from `docker stop` itself (graceful shutdown, exit 0).
# Arguments after the image name are the bot's command, e.g. `backup /data/backup.db`.
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar /app/incident-bot.jar \"$@\"", "incident-bot"]
