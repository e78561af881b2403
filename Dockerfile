# syntax=docker/dockerfile:1
# ---- build ----
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# Solution-wide settings first, then the sources (tests are not needed to publish).
COPY global.json Directory.Build.props Directory.Packages.props Annotate.sln ./
COPY src/ src/
COPY wwwroot-assets/ wwwroot-assets/

RUN dotnet restore src/Annotate.Web/Annotate.Web.csproj
RUN dotnet publish src/Annotate.Web/Annotate.Web.csproj -c Release -o /app --no-restore

# ---- runtime ----
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
# MALLOC_ARENA_MAX=2: without it glibc keeps a malloc arena per thread and native memory (SQLite's page cache during
# an import) grows with every import (README, Performance).
ENV Annotate__DataDirectory=/data \
    ASPNETCORE_URLS=http://+:8080 \
    DOTNET_CLI_TELEMETRY_OPTOUT=1 \
    MALLOC_ARENA_MAX=2

COPY --from=build /app ./

# The aspnet image ships a non-root "app" user; give it the data volume.
RUN mkdir -p /data && chown -R app:app /data
USER app
VOLUME /data
EXPOSE 8080

ENTRYPOINT ["dotnet", "Annotate.Web.dll"]
