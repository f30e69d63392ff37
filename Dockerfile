# syntax=docker/dockerfile:1
# AliDdnsHa: a NativeAOT binary on Microsoft's chiseled runtime-deps image (no shell, no package manager, non-root).
#   docker build -t aliddnsha .
#   docker buildx build --platform linux/amd64,linux/arm64 -t aliddnsha .     (the build stage cross-links natively)
#   docker run -d -p 9464:9464 -v ./aliddnsha.yaml:/config/aliddnsha.yaml:ro -v aliddnsha-data:/data aliddnsha
# Without a mounted /config/aliddnsha.yaml the embedded quickstart runs (it probes the container's own port).
ARG DOTNET_VERSION=10.0

FROM --platform=$BUILDPLATFORM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION}-noble-aot AS build
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
ARG TARGETARCH
WORKDIR /src
COPY scripts/install-cross-toolchain.sh scripts/
RUN bash scripts/install-cross-toolchain.sh "$TARGETARCH"
# Restore first, as its own layer: it changes only when a project or package version does.
COPY global.json Directory.Build.props Directory.Build.targets Directory.Packages.props .editorconfig ./
COPY eng/ eng/
COPY src/AliDdnsHa/AliDdnsHa.csproj src/AliDdnsHa/
COPY src/AliDdnsHa.Core/AliDdnsHa.Core.csproj src/AliDdnsHa.Core/
COPY src/AliDdnsHa.Providers.AlibabaCloud/AliDdnsHa.Providers.AlibabaCloud.csproj src/AliDdnsHa.Providers.AlibabaCloud/
COPY src/AliDdnsHa.Providers.HostsFile/AliDdnsHa.Providers.HostsFile.csproj src/AliDdnsHa.Providers.HostsFile/
COPY src/AliDdnsHa.Providers.Rfc2136/AliDdnsHa.Providers.Rfc2136.csproj src/AliDdnsHa.Providers.Rfc2136/
RUN dotnet restore src/AliDdnsHa/AliDdnsHa.csproj -r "linux-${TARGETARCH/amd64/x64}"
COPY README.md ./
COPY config/ config/
COPY src/ src/
COPY scripts/publish.sh scripts/
RUN bash scripts/publish.sh --output /out "linux-${TARGETARCH/amd64/x64}" \
 && mkdir -p /rootfs/app /rootfs/data /rootfs/config \
 && cp "/out/linux-${TARGETARCH/amd64/x64}/aliddnsha" /rootfs/app/aliddnsha

FROM mcr.microsoft.com/dotnet/runtime-deps:${DOTNET_VERSION}-noble-chiseled
LABEL org.opencontainers.image.title="AliDdnsHa" \
      org.opencontainers.image.description="Health-checking DNS failover controller: only healthy lines in one A record set" \
      org.opencontainers.image.licenses="MIT"
# /app the binary; /config the configuration (read-only mount); /data state such as the hosts file, owned by the
# image's non-root app user (APP_UID 1654).
COPY --from=build /rootfs/app/ /app/
COPY --from=build --chown=1654:1654 /rootfs/data/ /data/
COPY --from=build /rootfs/config/ /config/
# Working directory / makes the default --config path config/aliddnsha.yaml mean /config/aliddnsha.yaml and the
# quickstart's ./data/hosts mean /data/hosts.
WORKDIR /
USER $APP_UID
VOLUME ["/data"]
EXPOSE 9464
# The generic host stops gracefully on SIGTERM: loops end, in-flight provider calls finish, exit code 0.
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 CMD ["/app/aliddnsha", "healthcheck"]
ENTRYPOINT ["/app/aliddnsha"]
CMD ["run"]
