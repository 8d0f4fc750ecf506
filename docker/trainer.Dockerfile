# The trainer (DJL with the CPU build of libtorch, loaded offline from the jar).
#   docker build -f docker/trainer.Dockerfile -t siamese-trainer .
#   docker run -v "$PWD/models:/models" -v "$PWD/runs:/runs" siamese-trainer
#   docker run -v "$PWD/data:/data:ro" -v "$PWD/models:/models" siamese-trainer \
#     train --pairs /data --holdout-classes --model-repo /models --out /runs/mine

# --- build stage -----------------------------------------------------------------------------
FROM eclipse-temurin:17-jdk-jammy AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
COPY shared/ shared/
COPY model/ model/
COPY trainer/ trainer/
COPY server/pom.xml server/pom.xml
COPY e2e/pom.xml e2e/pom.xml
RUN ./mvnw -B -q -pl trainer -am package -DskipTests

# --- runtime stage ---------------------------------------------------------------------------
FROM eclipse-temurin:17-jre-jammy
RUN useradd --system --uid 10001 --create-home --home-dir /app siamese \
    && mkdir -p /models /runs && chown 10001 /models /runs
WORKDIR /app
COPY --from=build /src/trainer/target/siamese-trainer.jar /app/siamese-trainer.jar
USER 10001
VOLUME ["/models", "/runs"]
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/siamese-trainer.jar"]
CMD ["train", "--model-repo", "/models", "--out", "/runs/latest"]
