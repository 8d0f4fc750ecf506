# The inference server on an NVIDIA GPU: onnxruntime_gpu 1.29 needs CUDA 12 with cuBLAS and
# cuDNN 9, which this base image provides. Falls back to the CPU with --device auto.
#   docker build -f docker/server-cuda.Dockerfile -t siamese-server:cuda .
#   docker run --gpus all -p 8080:8080 -p 8001:8001 -v "$PWD/models:/models:ro" siamese-server:cuda

# --- build stage -----------------------------------------------------------------------------
FROM eclipse-temurin:17-jdk-jammy AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
COPY shared/ shared/
COPY model/ model/
COPY trainer/pom.xml trainer/pom.xml
COPY e2e/pom.xml e2e/pom.xml
COPY server/ server/
RUN ./mvnw -B -q -Pgpu -pl server -am package -DskipTests

# --- runtime stage: CUDA 12 + cuDNN 9 runtime, a headless JRE, a non-root user --------------
FROM nvidia/cuda:12.8.1-cudnn-runtime-ubuntu22.04
RUN apt-get update && apt-get install -y --no-install-recommends openjdk-17-jre-headless curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /app siamese
WORKDIR /app
COPY --from=build /src/server/target/siamese-server.jar /app/siamese-server.jar
USER 10001
VOLUME ["/models"]
EXPOSE 8080 8001
ENV SIAMESE_MODEL_REPO=/models SIAMESE_PORT=8080 SIAMESE_DEVICE=cuda
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD curl -fsS http://127.0.0.1:8080/health/ready || exit 1
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/siamese-server.jar"]
