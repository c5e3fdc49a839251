// swift-tools-version:6.0
import PackageDescription

// Dependencies beyond the toolchain, and why:
// - swift-argument-parser: the `charter` command's subcommands, flags, --help and --version; small, no transitive deps.
// - swift-log: the logging API the issue asks for (access log, lifecycle); pure Swift, no transitive deps.
// Not swift-crypto: its only use was SHA-256 of API keys, and on Linux it compiled BoringSSL's ~360 C and assembly
// files for that one call. App/Access/SHA256.swift implements FIPS 180-4 instead, checked by SHA256Tests against the
// NIST vectors and against coreutils' sha256sum on every length 0-300 and on large inputs.
let strict: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny")]

let package = Package(
    name: "charter",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "charter", targets: ["Charter"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.0"),
    ],
    targets: [
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        // epoll_event is packed on x86_64 and Glibc's Swift module lacks accept4 and malloc_trim: a few C helpers.
        .target(name: "CSystem"),
        .target(
            name: "HTTPCore",
            dependencies: ["CZlib", "CSystem", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        .target(name: "Storage", dependencies: ["CSQLite"], swiftSettings: strict),
        .target(
            name: "App",
            dependencies: [
                "HTTPCore", "Storage",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "Charter",
            dependencies: [
                "App", "HTTPCore", "Storage",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(name: "TestSupport", dependencies: ["HTTPCore", "App", "CSystem"], swiftSettings: strict),
        .testTarget(name: "HTTPCoreTests", dependencies: ["HTTPCore", "CZlib"], swiftSettings: strict),
        .testTarget(name: "StorageTests", dependencies: ["Storage", "CSQLite"], swiftSettings: strict),
        .testTarget(name: "AppTests", dependencies: ["App", "TestSupport"], swiftSettings: strict),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["App", "HTTPCore", "Storage", "TestSupport", "CZlib"],
            swiftSettings: strict
        ),
    ],
    swiftLanguageModes: [.v6]
)
