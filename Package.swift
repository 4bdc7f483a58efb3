// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Cerulean",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "cerulean", targets: ["cerulean"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", exact: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio.git", exact: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", exact: "2.37.6"),
        .package(url: "https://github.com/apple/swift-certificates.git", exact: "1.21.1"),
        .package(url: "https://github.com/apple/swift-crypto.git", exact: "4.5.2"),
        .package(url: "https://github.com/apple/swift-asn1.git", exact: "1.7.4"),
        .package(url: "https://github.com/groue/GRDB.swift.git", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", exact: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", exact: "2.13.0"),
    ],
    targets: [
        .executableTarget(
            name: "cerulean",
            dependencies: [
                "CeruleanServer", "ARM", "Store", "Inference",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "CeruleanServer",
            dependencies: [
                "ARM", "Store", "CeruleanJSON", "Catalog", "MachineLearning", "CognitiveServices", "Inference", "Identity", "BundledFixtures", "Portal",
                "WorkspaceDependencies", "Authorization",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(name: "CeruleanJSON"),
        .target(
            name: "ARM",
            dependencies: [
                "Store", "CeruleanJSON", "Templates",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "Templates",
            dependencies: [
                "CeruleanJSON",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "Identity",
            dependencies: [
                "CeruleanJSON",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "Inference",
            dependencies: ["CeruleanJSON"]
        ),
        .target(name: "Catalog", dependencies: ["BundledFixtures"]),
        .target(
            name: "MachineLearning",
            dependencies: ["ARM", "Store", "CeruleanJSON", "Catalog", "Billing"]
        ),
        .target(
            name: "WorkspaceDependencies",
            dependencies: ["ARM", "CeruleanJSON"]
        ),
        .target(
            name: "CognitiveServices",
            dependencies: ["ARM", "Store", "CeruleanJSON", "Catalog"]
        ),
        // Every file of Fixtures/, embedded at build time (FixtureFiles), so the binary runs anywhere.
        .target(name: "BundledFixtures", plugins: ["EmbedFixtures"]),
        // The portal's pages (Sources/Portal/Site: HTML, CSS, JavaScript), embedded the same way.
        .target(name: "Portal", exclude: ["Site"], plugins: ["EmbedFixtures"]),
        .plugin(name: "EmbedFixtures", capability: .buildTool(), dependencies: ["embed-fixtures"]),
        .executableTarget(name: "embed-fixtures"),
        .target(
            name: "Billing",
            dependencies: ["ARM", "Store", "CeruleanJSON", "BundledFixtures", "Inference"]
        ),
        .target(
            name: "Authorization",
            dependencies: ["ARM", "Store", "CeruleanJSON", "BundledFixtures", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .target(
            name: "Store",
            dependencies: [
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(name: "StoreTests", dependencies: ["Store"]),
        .testTarget(name: "BundledFixturesTests", dependencies: ["BundledFixtures"]),
        .testTarget(name: "PortalTests", dependencies: ["Portal"]),
        .testTarget(name: "InferenceTests", dependencies: ["Inference", "CeruleanJSON"]),
        .testTarget(name: "IdentityTests", dependencies: ["Identity", "CeruleanJSON"]),
        .testTarget(name: "MachineLearningTests", dependencies: ["MachineLearning", "Catalog", "ARM", "Store", "CeruleanJSON"]),
        .testTarget(name: "CognitiveServicesTests", dependencies: ["CognitiveServices", "Catalog", "ARM", "Store", "CeruleanJSON"]),
        .testTarget(name: "BillingTests", dependencies: ["Billing", "MachineLearning", "Catalog", "ARM", "Store", "CeruleanJSON", "Inference"]),
        .testTarget(name: "WorkspaceDependenciesTests", dependencies: ["WorkspaceDependencies", "ARM", "Store", "CeruleanJSON", "CeruleanTestSupport"]),
        .testTarget(name: "CeruleanJSONTests", dependencies: ["CeruleanJSON"]),
        .testTarget(name: "TemplatesTests", dependencies: ["Templates", "CeruleanJSON"]),
        .testTarget(name: "AuthorizationTests", dependencies: ["Authorization", "ARM", "Store", "CeruleanJSON", "CeruleanTestSupport"]),
        .testTarget(name: "ARMTests", dependencies: ["ARM", "Store", "CeruleanJSON", "CeruleanTestSupport"]),
        .target(
            name: "CeruleanTestSupport",
            dependencies: [
                "CeruleanServer", "ARM", "Store", "CeruleanJSON", "Catalog", "MachineLearning", "CognitiveServices", "Inference",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Tests/CeruleanTestSupport"
        ),
        .testTarget(
            name: "CeruleanServerTests",
            dependencies: [
                "CeruleanServer", "ARM", "Store", "CeruleanJSON", "CeruleanTestSupport", "Catalog", "MachineLearning", "CognitiveServices", "Inference", "Identity",
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ]
        ),
    ]
)
