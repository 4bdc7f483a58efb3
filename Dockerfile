# Cerulean, the offline emulator of Azure's AI deployment APIs, as a container image:
#   Scripts/package                 # makes dist/cerulean-<version>-linux-<arch>.tar.gz
#   docker build -t cerulean .      # .dockerignore sends only that tarball
#   docker run -d --name cerulean -p 8443:8443 -v cerulean-data:/data cerulean
# (podman: `podman build --format docker` keeps the HEALTHCHECK). See docs/install.md.
# Scripts/test builds and runs this image where containers can run, and runs the same steps
# (user, data folder, environment, entry point, health check) on the unpacked tarball.
FROM debian:bookworm-slim

RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends libsqlite3-0 curl \
 && rm -rf /var/lib/apt/lists/*

ADD dist/cerulean-*-linux-*.tar.gz /opt/
RUN mv /opt/cerulean-*-linux-* /opt/cerulean \
 && ln -s /opt/cerulean/bin/cerulean /usr/local/bin/cerulean \
 && useradd --uid 10001 --user-group --home-dir /data --no-create-home --shell /usr/sbin/nologin cerulean \
 && mkdir /data && chown cerulean:cerulean /data && chmod 0700 /data

ENV CERULEAN_DATA_DIR=/data CERULEAN_HOST=0.0.0.0 CERULEAN_PORT=8443
USER cerulean
WORKDIR /data
VOLUME /data
EXPOSE 8443
HEALTHCHECK --interval=5s --timeout=5s --start-period=10s --retries=3 CMD ["/opt/cerulean/share/cerulean/healthcheck"]
ENTRYPOINT ["/opt/cerulean/share/cerulean/container-entrypoint"]
CMD ["serve"]
