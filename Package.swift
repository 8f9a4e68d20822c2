// swift-tools-version:6.0
// The Swift implementations, their MPI layer, the test driver and the
// comparison tool. Build through the Makefile (`make all`), which passes the
// host-CPU flags and the MPI library's pkg-config name (TRAFFIC_MPI_PKG).
import PackageDescription

let mpiPackage = Context.environment["TRAFFIC_MPI_PKG"] ?? "ompi"

let package = Package(
    name: "Traffic",
    // Int128 and UInt128 (exact checksums) need macOS 15 on Apple systems.
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "swift-ser", targets: ["SwiftSer"]),
        .executable(name: "swift-vec", targets: ["SwiftVec"]),
        .executable(name: "swift-exact", targets: ["SwiftExact"]),
        .executable(name: "swift-mpi", targets: ["SwiftMPI"]),
        .executable(name: "swift-threads", targets: ["SwiftThreads"]),
        .executable(name: "traffic-compare", targets: ["TrafficCompare"]),
    ],
    dependencies: [
        // traffic-compare's command line only; pinned to the version tested.
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
    ],
    targets: [
        // The model: generator, roads, kernels. No dependencies, no MPI.
        .target(name: "TrafficModel", path: "swift/TrafficModel"),
        // The model's roads on a node's threads, through Dispatch: apart, so
        // that the serial programs do not load it.
        .target(name: "TrafficThreads", dependencies: ["TrafficModel"], path: "swift/TrafficThreads"),
        // The programs' contract with their user: options, failures and output.
        .target(name: "TrafficCommandLine", dependencies: ["TrafficModel", "CPNG"], path: "swift/CommandLine"),
        // png.h through pkg-config: the programs' --picture.
        .systemLibrary(name: "CPNG", path: "swift/CPNG", pkgConfig: "libpng",
                       providers: [.apt(["libpng-dev"])]),
        // mpi.h through pkg-config, and a thin Swift layer over it.
        .systemLibrary(name: "CMPI", path: "swift/CMPI", pkgConfig: mpiPackage),
        .target(name: "MPI", dependencies: ["CMPI"], path: "swift/MPI"),
        .executableTarget(name: "SwiftSer", dependencies: ["TrafficModel", "TrafficCommandLine"], path: "swift/ser"),
        .executableTarget(name: "SwiftVec", dependencies: ["TrafficModel", "TrafficCommandLine"], path: "swift/vec"),
        .executableTarget(name: "SwiftExact", dependencies: ["TrafficModel", "TrafficCommandLine"], path: "swift/exact"),
        .executableTarget(name: "SwiftMPI", dependencies: ["TrafficModel", "TrafficCommandLine", "MPI"],
                          path: "swift/mpi"),
        .executableTarget(name: "SwiftThreads", dependencies: ["TrafficModel", "TrafficThreads", "TrafficCommandLine"],
                          path: "swift/threads"),
        // The registry of implementations and how to run them: read by the
        // cross-validation tests and by traffic-compare (`make run`, `make bench`).
        .target(name: "Harness", path: "swift/Harness"),
        .executableTarget(name: "TrafficCompare",
                          dependencies: ["Harness", "TrafficCommandLine", .product(name: "ArgumentParser", package: "swift-argument-parser")],
                          path: "swift/compare"),
        .testTarget(name: "TrafficModelTests",
                    dependencies: ["TrafficModel", "TrafficThreads", "TrafficCommandLine", "Harness"],
                    path: "tests/TrafficModelTests"),
        .testTarget(name: "CrossValidationTests", dependencies: ["Harness"], path: "tests/CrossValidation"),
    ]
)
