using System.Collections.Generic;

namespace ImageSdk.Providers;

/// <summary>What a free authenticated call (<c>imagesdk providers --check</c>) found out about one provider's key.</summary>
/// <param name="Provider">The provider.</param>
/// <param name="Status"><c>ok</c>, <c>rejected_key</c>, <c>unreachable</c>, <c>missing_models</c>, <c>not_configured</c> or <c>failed</c>.</param>
/// <param name="Detail">What happened, in words; never the key.</param>
/// <param name="MissingModels">The catalog's model ids for the provider that the account does not list.</param>
internal sealed record ProviderCheck(string Provider, string Status, string Detail, IReadOnlyList<string> MissingModels)
{
    public const string Ok = "ok";
    public const string RejectedKey = "rejected_key";
    public const string Unreachable = "unreachable";
    public const string Missing = "missing_models";
    public const string NotConfigured = "not_configured";
    public const string Failed = "failed";
}
