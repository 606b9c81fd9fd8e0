namespace HappyHorse.Generated;

/// <summary>What a model makes: the kind of file its finished tasks return.</summary>
public enum GenerationResultKind
{
    /// <summary>Not stated (an <see cref="OperationInfo"/> built by hand without one).</summary>
    Unknown = 0,

    /// <summary>Videos.</summary>
    Video,

    /// <summary>Images.</summary>
    Image,
}
