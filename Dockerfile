# Charter: multi-stage build. Not exercised by CI (the CI machine has no Docker engine).
# Build:  docker build -t charter .
# Run:    docker run -p 8080:8080 -v charter-data:/data charter

# --- build: the official Swift 6 image on Debian 12, matching the runtime below ---
FROM swift:6.1-bookworm AS build
RUN apt-get -q update \
 && apt-get -q install -y --no-install-recommends libsqlite3-dev zlib1g-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /build
# Resolve first: this layer stays cached until Package.swift changes.
COPY Package.swift ./
RUN swift package resolve
COPY . .
# The Swift runtime and Foundation are linked statically; libsqlite3 and libz stay dynamic (ldd shows them).
RUN swift build -c release --product charter --static-swift-stdlib \
 && mkdir /staging \
 && cp "$(swift build -c release --show-bin-path)/charter" /staging/ \
 && cp -R Public Config /staging/ \
 && ldd /staging/charter

# --- runtime: slim Debian with the two system libraries, a non-root user, one writable volume ---
FROM debian:bookworm-slim
RUN apt-get -q update \
 && apt-get -q install -y --no-install-recommends libsqlite3-0 zlib1g ca-certificates tzdata curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --user-group --create-home --home-dir /app charter \
 && mkdir /data && chown charter:charter /data
WORKDIR /app
COPY --from=build --chown=root:root /staging /app
ENV CHARTER_HOST=0.0.0.0 CHARTER_PORT=8080 CHARTER_DATABASE=/data/charter.sqlite
# Numeric, so that the host (and Kubernetes' runAsNonRoot) can tell it is not root.
USER 10001:10001
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \
  CMD ["sh", "-c", "curl -fsS http://127.0.0.1:8080/health || exit 1"]
ENTRYPOINT ["./charter", "serve"]
