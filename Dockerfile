# syntax=docker/dockerfile:1

# --- build -------------------------------------------------------------------
FROM golang:1.26 AS build
WORKDIR /src

# Module downloads are cached in their own layer.
COPY go.mod go.sum ./
RUN go mod download

COPY . .
# Templates, static files, locales and migrations are embedded in the binary.
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /nmrf ./cmd/nmrf

# --- run ---------------------------------------------------------------------
FROM debian:bookworm-slim
RUN apt-get update \
	&& apt-get install -y --no-install-recommends ca-certificates tzdata \
	&& rm -rf /var/lib/apt/lists/*
RUN groupadd --system --gid 10001 nmrf \
	&& useradd --system --uid 10001 --gid nmrf --home-dir /app --create-home --shell /usr/sbin/nologin nmrf

COPY --from=build /nmrf /usr/local/bin/nmrf

USER nmrf:nmrf
WORKDIR /app
ENV LISTEN_ADDR=:8080 \
	BASE_URL=http://localhost:8080
EXPOSE 8080
CMD ["nmrf", "serve"]
