extension EventDraft {
    /// A draft of a typed payload: its type, the subject §3 gives it (the id
    /// of the entity it is about) and its `data` in §3 member order.
    ///
    /// - Parameters:
    ///   - payload: The event's typed `data`.
    ///   - time: The event `time`; nil lets the log give it the append's time.
    ///   - id: The envelope `id`; nil lets the log generate one.
    public init(_ payload: EventPayload, time: Timestamp? = nil, id: String? = nil) {
        self.init(type: payload.type, subject: payload.subject ?? "", data: payload.data, id: id, time: time)
    }
}
