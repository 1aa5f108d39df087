/// A person's gender as sources state or imply it.
public enum Gender: String, Sendable, Codable, Equatable {
    case male = "M"
    case female = "F"
}
