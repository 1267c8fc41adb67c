# workforce-monitor container image, in two stages:
#   build    Debian 12 with compilers and -dev packages: meson build, models
#            converted from the npm package, demo video assembled
#   runtime  Debian 12 with only the run-time packages listed in
#            src/daemon/container/runtime-packages.txt (no compiler, no -dev package, no npm)
#
#   podman build --format docker -t workforce-monitor .                 (full)
#   podman build --format docker --build-arg VARIANT=lite -t wfm-lite . (lite)
#   podman build --build-arg BASE_IMAGE=localhost/debian:bookworm-minbase ...
#
# The lite variant is built with -Ddlib=disabled: no dlib, no OpenBLAS, no
# facematch, no 68-point model; facedetect (OpenCV backends) and occupancy
# remain. See docs/deployment.md and docs/memory.md.
ARG BASE_IMAGE=docker.io/library/debian:bookworm-slim

FROM ${BASE_IMAGE} AS build
ARG DEBIAN_FRONTEND=noninteractive
# Extra CA bundle for npm behind a TLS-intercepting proxy (a file the builder
# mounts, e.g. tests/container/build-image.sh); empty elsewhere. Build stage
# only: it is not in the run-time image.
ARG NODE_EXTRA_CA_CERTS=
WORKDIR /src
# Packages and npm models first: this layer is reused until these files change.
COPY setup.sh ./
COPY models/package.json models/package-lock.json models/fetch.sh models/
RUN ./setup.sh \
    && rm -rf /var/lib/apt/lists/* /root/.npm
COPY . .
# Declared here, after the package layer, so that the full and lite builds
# share that layer.
ARG VARIANT=full
# build.sh picks the parallel job count from the memory available and stops
# with a message when there is too little for one compiler job.
RUN set -eu; \
    case "$VARIANT" in \
      full) opts= ;; \
      lite) opts=-Ddlib=disabled ;; \
      *) echo "VARIANT must be full or lite, not '$VARIANT'" >&2; exit 64 ;; \
    esac; \
    ./build.sh build --prefix=/usr -Dbuildtype=release -Dtests=disabled \
      -Dwerror=false $opts; \
    meson install -C build --no-rebuild --strip --destdir /out; \
    models=/out/usr/share/workforce-monitor/models; \
    for f in demo.mkv demo-photos/sample1.jpg demo-photos/sample6.jpg; do \
      test -s "$models/$f" || { echo "missing $models/$f" >&2; exit 1; }; \
    done; \
    if [ "$VARIANT" = full ]; then \
      test -s "$models/shape_predictor_68_compact.wfl" \
        || { echo "missing the compact landmark model" >&2; exit 1; }; \
    fi; \
    install -D -m 0755 src/daemon/container/docker-entrypoint.sh \
      /out/usr/libexec/workforce-monitor/docker-entrypoint; \
    install -D -m 0755 src/daemon/container/healthcheck.sh \
      /out/usr/libexec/workforce-monitor/healthcheck

FROM ${BASE_IMAGE} AS runtime
ARG VARIANT=full
ARG DEBIAN_FRONTEND=noninteractive
# One list for the image and for tests/deploy/check-runtime-deps.py.
COPY src/daemon/container/runtime-packages.txt /tmp/runtime-packages.txt
# dpkg skips files that no process of the image opens: documentation (but
# the copyright files), manuals, translations, and Mesa's GPU drivers with
# the LLVM and Z3 they compile shaders with (~170 MB), which come only
# because OpenCV's core library depends on libglx0; nothing here creates a
# GL context. tests/container/smoke.sh checks with ldd that every library
# our binaries load is present.
RUN printf '%s\n' \
      'path-exclude=/usr/share/doc/*' 'path-include=/usr/share/doc/*/copyright' \
      'path-exclude=/usr/share/man/*' 'path-exclude=/usr/share/info/*' \
      'path-exclude=/usr/share/locale/*' \
      'path-exclude=/usr/lib/*/dri/*' 'path-exclude=/usr/lib/*/libLLVM-*' \
      'path-exclude=/usr/lib/*/libz3.so*' \
      >/etc/dpkg/dpkg.cfg.d/workforce-monitor-slim
# The base image's own documentation, manuals and translations came before
# the dpkg rule above: removed after the install (no process reads them).
RUN set -eu; \
    pkgs=$(awk -v v="$VARIANT" '!/^#/ && NF >= 3 && ($2 == "all" || $2 == v) { print $1 }' \
      /tmp/runtime-packages.txt); \
    apt-get update -q; \
    apt-get install -y -q --no-install-recommends $pkgs; \
    rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /tmp/runtime-packages.txt; \
    find /usr/share/doc -mindepth 1 ! -type d ! -name copyright -delete; \
    find /usr/share/doc -mindepth 1 -type d -empty -delete; \
    rm -rf /usr/share/man/* /usr/share/info/* /usr/share/locale/* \
      /usr/share/i18n /usr/share/lintian /usr/share/linda; \
    useradd --system --user-group --home-dir /var/lib/workforce-monitor \
      --create-home --shell /usr/sbin/nologin workforce
# Only /usr: meson also installs the systemd unit under /lib (Debian 12's
# systemd.pc), which would replace the image's /lib -> usr/lib link and
# break every program; a container has no use for the unit.
COPY --from=build /out/usr/ /usr/
# WF_PUBLIC_HEALTH=true: the daemon listens on 0.0.0.0 here, where every
# request needs the token; this lets GET /api/v1/health answer without it,
# for orchestrators' probes that cannot send one (Render).  Set it to false
# and WF_TOKEN_FILE (read by the HEALTHCHECK) to close health too.
# Memory defaults measured by tests/bench/memory-knobs.sh (docs/memory.md):
# two malloc arenas instead of 8 per core, one OpenBLAS thread per call (the
# daemon parallelises across cameras), and a GStreamer registry built here
# once so that start-up does not scan the plugins.
ENV MALLOC_ARENA_MAX=2 \
    OPENBLAS_NUM_THREADS=1 \
    GST_REGISTRY_1_0=/var/cache/workforce-monitor/gst-registry.bin \
    GST_REGISTRY_UPDATE=no \
    STATE_DIRECTORY=/var/lib/workforce-monitor \
    WF_PUBLIC_HEALTH=true \
    WF_VARIANT=${VARIANT}
RUN ldconfig \
    && mkdir -p /var/cache/workforce-monitor \
    && GST_REGISTRY_UPDATE=yes gst-inspect-1.0 >/dev/null \
    && test -s "$GST_REGISTRY_1_0" \
    && chmod 0644 "$GST_REGISTRY_1_0"
USER workforce
WORKDIR /var/lib/workforce-monitor
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=15s --retries=3 \
    CMD ["/usr/libexec/workforce-monitor/healthcheck"]
ENTRYPOINT ["/usr/libexec/workforce-monitor/docker-entrypoint"]
CMD ["workforce-monitor", "--demo"]
