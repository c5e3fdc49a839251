/// The release of Charter, reported by `charter --version`, `/health` and the `Server` header.
public enum CharterVersion {
    public static let current = "0.1.0"
}
