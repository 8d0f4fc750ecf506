# The inference server on the CPU (ONNX Runtime's CPU build, x86-64 and ARM64).
#   docker build -f docker/server-cpu.Dockerfile -t siamese-server:cpu .
#   docker run -p 8080:8080 -p 8001:8001 -v "$PWD/models:/models:ro" siamese-server:cpu

# --- build stage: the same Maven wrapper as a developer uses -------------------------------
FROM eclipse-temurin:17-jdk-jammy AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
COPY shared/ shared/
COPY model/ model/
COPY trainer/pom.xml trainer/pom.xml
COPY e2e/pom.xml e2e/pom.xml
COPY server/ server/
RUN ./mvnw -B -q -Pcpu -pl server -am package -DskipTests

# --- runtime stage: a slim JRE, a non-root user, the model repository as a volume ----------
FROM eclipse-temurin:17-jre-jammy
RUN apt-get update && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /app siamese
WORKDIR /app
COPY --from=build /src/server/target/siamese-server.jar /app/siamese-server.jar
USER 10001
VOLUME ["/models"]
EXPOSE 8080 8001
ENV SIAMESE_MODEL_REPO=/models SIAMESE_PORT=8080 SIAMESE_DEVICE=cpu
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD curl -fsS http://127.0.0.1:8080/health/ready || exit 1
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/siamese-server.jar"]
