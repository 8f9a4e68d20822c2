// swift-tools-version:6.0
// The Swift implementations, their MPI layer, the test driver and the
// comparison tool. Build through the Makefile (`make all`), which passes the
// host-CPU flags and the MPI library's pkg-config name (TRAFFIC_MPI_PKG).
import PackageDescription

let mpiPackage = Context.environment["TRAFFIC_MPI_PKG"] ?? "ompi"
let argumentParser = Target.Dependency.product(name: "ArgumentParser", package: "swift-argument-parser")

let package = Package(
    name: "Traffic",
    products: [
        .executable(name: "swift-ser", targets: ["SwiftSer"]),
        .executable(name: "swift-vec", targets: ["SwiftVec"]),
        .executable(name: "swift-mpi", targets: ["SwiftMPI"]),
        .executable(name: "traffic-compare", targets: ["TrafficCompare"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // The model: generator, road, kernels, command line and output. No MPI.
        .target(name: "TrafficModel", dependencies: [argumentParser], path: "swift/TrafficModel"),
        // mpi.h through pkg-config, and a thin Swift layer over it.
        .systemLibrary(name: "CMPI", path: "swift/CMPI", pkgConfig: mpiPackage),
        .target(name: "MPI", dependencies: ["CMPI"], path: "swift/MPI"),
        .executableTarget(name: "SwiftSer", dependencies: ["TrafficModel"], path: "swift/ser"),
        .executableTarget(name: "SwiftVec", dependencies: ["TrafficModel"], path: "swift/vec"),
        .executableTarget(name: "SwiftMPI", dependencies: ["TrafficModel", "MPI", argumentParser], path: "swift/mpi"),
        // The registry of implementations and how to run them: read by the
        // cross-validation tests and by traffic-compare (`make run`, `make bench`).
        .target(name: "Harness", path: "swift/Harness"),
        .executableTarget(name: "TrafficCompare", dependencies: ["Harness", argumentParser], path: "swift/compare"),
        .testTarget(name: "TrafficModelTests", dependencies: ["TrafficModel"], path: "tests/TrafficModelTests"),
        .testTarget(name: "CrossValidationTests", dependencies: ["Harness"], path: "tests/CrossValidation"),
    ]
)
