// swift-tools-version: 6.1
import PackageDescription

// Stages import only earlier stages: Core ← Ingest ← Store ← Pipeline ← heyi.
// HeyiStore knows records, not how they were read; HeyiIngest knows nothing of SQLite.
let upcoming: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "heyi",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "heyi", targets: ["heyi"]),
        .library(name: "HeyiPipeline", targets: ["HeyiPipeline"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // ICU behind a C API without ICU types: Foundation's bundled ICU and the system
        // ICU headers cannot meet in one Swift module (shared/PLATFORM-NOTES.md).
        .target(
            name: "CICU",
            linkerSettings: [.linkedLibrary("icui18n"), .linkedLibrary("icuuc"), .linkedLibrary("icudata")]
        ),
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        // SHA-256 with the CPU's SHA extensions when present: fingerprinting every record in Swift
        // cost a fifth of ingest time.
        .target(name: "CSHA256"),
        .target(name: "HeyiCore", dependencies: ["CSHA256"], swiftSettings: upcoming),
        .target(
            name: "HeyiIngest",
            dependencies: ["HeyiCore", "CICU", "CLibXML2", .product(name: "Yams", package: "Yams")],
            swiftSettings: upcoming
        ),
        .target(
            name: "HeyiNormalize",
            dependencies: ["HeyiCore", "CICU"],
            resources: [.copy("Resources/divisions.tsv")],
            swiftSettings: upcoming
        ),
        .target(name: "HeyiMatch", dependencies: ["HeyiCore"], swiftSettings: upcoming),
        // Golden records and stable customer ids from clusters: pure, no SQLite.
        .target(name: "HeyiMerge", dependencies: ["HeyiCore"], swiftSettings: upcoming),
        // Synthetic department exports with ground truth, for tests, benchmarks and `heyi generate`.
        .target(name: "HeyiGenerate", dependencies: ["HeyiIngest"], swiftSettings: upcoming),
        .target(
            name: "HeyiStore",
            dependencies: ["HeyiCore", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: upcoming
        ),
        .target(
            name: "HeyiPipeline",
            dependencies: ["HeyiCore", "HeyiIngest", "HeyiNormalize", "HeyiMatch", "HeyiMerge", "HeyiStore", .product(name: "Yams", package: "Yams"), .product(name: "Logging", package: "swift-log")],
            swiftSettings: upcoming
        ),
        .executableTarget(
            name: "heyi",
            dependencies: [
                "HeyiPipeline", "HeyiStore", "HeyiIngest", "HeyiNormalize", "HeyiMatch", "HeyiMerge", "HeyiGenerate", "HeyiCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: upcoming
        ),
        .executableTarget(
            name: "heyi-bench",
            dependencies: ["HeyiPipeline", "HeyiIngest", "HeyiNormalize", "HeyiMatch", "HeyiGenerate", "HeyiCore", "CICU"],
            swiftSettings: upcoming
        ),
        // Helpers shared by the test targets (temporary folders, the repository root).
        .target(name: "HeyiTestSupport", path: "Tests/HeyiTestSupport", swiftSettings: upcoming),
        .testTarget(name: "HeyiCoreTests", dependencies: ["HeyiCore"], swiftSettings: upcoming),
        .testTarget(name: "HeyiIngestTests", dependencies: ["HeyiIngest", "HeyiCore", "CICU", "HeyiTestSupport"], swiftSettings: upcoming),
        .testTarget(
            name: "HeyiNormalizeTests",
            dependencies: ["HeyiNormalize", "HeyiCore"],
            exclude: ["Fixtures"],
            swiftSettings: upcoming
        ),
        .testTarget(name: "HeyiMatchTests", dependencies: ["HeyiMatch", "HeyiCore"], swiftSettings: upcoming),
        .testTarget(name: "HeyiMergeTests", dependencies: ["HeyiMerge"], swiftSettings: upcoming),
        .testTarget(
            name: "HeyiStoreTests",
            dependencies: ["HeyiStore", "HeyiCore", "HeyiTestSupport", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "HeyiPipelineTests",
            dependencies: ["HeyiPipeline", "HeyiStore", "HeyiIngest", "HeyiMatch", "HeyiGenerate", "HeyiCore", "HeyiTestSupport", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "HeyiCLITests",
            dependencies: ["heyi", "HeyiStore", "HeyiCore", "HeyiTestSupport", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: upcoming
        ),
    ]
)
