// Licensed under the MIT license.

using AliDdnsHa.Testing;

namespace AliDdnsHa.Providers.AlibabaCloud.Tests;

/// <summary>Known answers from the Alidns reference, §1.4 vectors A–G.</summary>
public sealed class AlibabaCloudRequestSignerTests
{
    private static readonly Dictionary<string, string> s_vectorA = new()
    {
        ["Format"] = "XML",
        ["AccessKeyId"] = "testid",
        ["Action"] = "DescribeDomainRecords",
        ["SignatureMethod"] = "HMAC-SHA1",
        ["DomainName"] = "example.com",
        ["SignatureNonce"] = "f59ed6a9-83fc-473b-9cc6-99c95df3856e",
        ["SignatureVersion"] = "1.0",
        ["Version"] = "2015-01-09",
        ["Timestamp"] = "2016-03-24T16:41:54Z",
    };

    private static readonly Dictionary<string, string> s_vectorG = new()
    {
        ["AccessKeyId"] = "testid",
        ["Action"] = "UpdateDomainRecord",
        ["Format"] = "JSON",
        ["RecordId"] = "9999985",
        ["RR"] = "*.home",
        ["SignatureMethod"] = "HMAC-SHA1",
        ["SignatureNonce"] = "00000000-0000-0000-0000-000000000001",
        ["SignatureVersion"] = "1.0",
        ["TTL"] = "600",
        ["Timestamp"] = "2024-01-01T00:00:00Z",
        ["Type"] = "AAAA",
        ["Value"] = "2001:db8::1",
        ["Version"] = "2015-01-09",
    };

    [Fact]
    public void VectorA_Alidns_CanonicalStringToSignAndSignature()
    {
        Assert.Equal(
            "AccessKeyId=testid&Action=DescribeDomainRecords&DomainName=example.com&Format=XML&SignatureMethod=HMAC-SHA1&SignatureNonce=f59ed6a9-83fc-473b-9cc6-99c95df3856e&SignatureVersion=1.0&Timestamp=2016-03-24T16%3A41%3A54Z&Version=2015-01-09",
            AlibabaCloudRequestSigner.Canonicalize(s_vectorA));
        Assert.Equal(
            "GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeDomainRecords%26DomainName%3Dexample.com%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3Df59ed6a9-83fc-473b-9cc6-99c95df3856e%26SignatureVersion%3D1.0%26Timestamp%3D2016-03-24T16%253A41%253A54Z%26Version%3D2015-01-09",
            AlibabaCloudRequestSigner.StringToSign("GET", s_vectorA));
        Assert.Equal("uRpHwaSEt3J+6KQD//svCh/x+pI=", AlibabaCloudRequestSigner.Sign("GET", s_vectorA, "testsecret"));
        Assert.Equal("uRpHwaSEt3J%2B6KQD%2F%2FsvCh%2Fx%2BpI%3D", AlibabaCloudPercentEncoding.Encode("uRpHwaSEt3J+6KQD//svCh/x+pI="));
    }

    [Fact]
    public void VectorA_EmulatorsOwnImplementation_Agrees()
    {
        Assert.Equal("uRpHwaSEt3J+6KQD//svCh/x+pI=", AlidnsEmulator.ComputeSignature("GET", s_vectorA, "testsecret"));
    }

    [Fact]
    public void VectorB_GenericRpc()
    {
        var parameters = new Dictionary<string, string>
        {
            ["Timestamp"] = "2016-02-23T12:46:24Z",
            ["Format"] = "XML",
            ["AccessKeyId"] = "testid",
            ["Action"] = "DescribeRegions",
            ["SignatureMethod"] = "HMAC-SHA1",
            ["SignatureNonce"] = "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
            ["Version"] = "2014-05-26",
            ["SignatureVersion"] = "1.0",
        };

        Assert.Equal(
            "GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26",
            AlibabaCloudRequestSigner.StringToSign("GET", parameters));
        Assert.Equal("OLeaidS1JvxuMvnyHOwuJ+uX5qY=", AlibabaCloudRequestSigner.Sign("GET", parameters, "testsecret"));

        // The older docs' "TimeStamp" spelling is a different (pure-math) vector.
        parameters["TimeStamp"] = parameters["Timestamp"];
        parameters.Remove("Timestamp");
        Assert.Equal("CT9X0VtwR86fNWSnsc6v8YGOjuE=", AlibabaCloudRequestSigner.Sign("GET", parameters, "testsecret"));
    }

    [Fact]
    public void VectorC_NewerRpcDoc()
    {
        var parameters = new Dictionary<string, string>
        {
            ["AccessKeyId"] = "testid",
            ["Action"] = "DescribeDedicatedHosts",
            ["Format"] = "JSON",
            ["RegionId"] = "cn-beijing",
            ["SignatureMethod"] = "HMAC-SHA1",
            ["SignatureNonce"] = "edb2b34af0af9a6d14deaf7c1a5315eb",
            ["SignatureVersion"] = "1.0",
            ["Timestamp"] = "2023-03-13T08:34:30Z",
            ["Version"] = "2014-05-26",
        };

        Assert.Equal("9NaGiOspFP5UPcwX8Iwt2YJXXuk=", AlibabaCloudRequestSigner.Sign("GET", parameters, "testsecret"));
    }

    [Fact]
    public void VectorD_DarabonbaUtil()
    {
        var parameters = new Dictionary<string, string> { ["query"] = "test", ["body"] = "test" };

        Assert.Equal("GET&%2F&body%3Dtest%26query%3Dtest", AlibabaCloudRequestSigner.StringToSign("GET", parameters));
        Assert.Equal("XlUyV4sXjOuX5FnjUz9IF9tm5rU=", AlibabaCloudRequestSigner.Sign("GET", parameters, "secret"));
    }

    [Fact]
    public void VectorE_GoSdk_EmptyValuesAndSpace()
    {
        var parameters = new Dictionary<string, string>
        {
            ["AccessKeyId"] = "accessKeyId",
            ["Action"] = "",
            ["Format"] = "JSON",
            ["RegionId"] = "regionId",
            ["SignatureMethod"] = "HMAC-SHA1",
            ["SignatureNonce"] = "MOCK_UUID",
            ["SignatureType"] = "",
            ["SignatureVersion"] = "1.0",
            ["Timestamp"] = "mock date",
            ["Version"] = "",
        };

        Assert.Equal(
            "GET&%2F&AccessKeyId%3DaccessKeyId%26Action%3D%26Format%3DJSON%26RegionId%3DregionId%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3DMOCK_UUID%26SignatureType%3D%26SignatureVersion%3D1.0%26Timestamp%3Dmock%2520date%26Version%3D",
            AlibabaCloudRequestSigner.StringToSign("GET", parameters));
        Assert.Equal("7loPmFjvDnzOVnQeQNj85S6nFGY=", AlibabaCloudRequestSigner.Sign("GET", parameters, "accessKeySecret"));
        Assert.Equal(
            "GET&%2F&key%3Dvalue%26q%3Dhttp%253A%252F%252Fdomain%252F%253Fq%253Dvalue%2526q2%253Dvalue2",
            AlibabaCloudRequestSigner.StringToSign("GET", new Dictionary<string, string> { ["key"] = "value", ["q"] = "http://domain/?q=value&q2=value2" }));
    }

    [Fact]
    public void VectorF_RawHmacPrimitives()
    {
        Assert.Equal("m67ZG+f1i1fIJLYNp8smKy7K+9I=", AlibabaCloudRequestSigner.HmacSha1Base64("secret", "foo"));
    }

    [Fact]
    public void VectorG_WildcardRrIPv6ValueAndOrdinalOrder()
    {
        Assert.Equal(
            "AccessKeyId=testid&Action=UpdateDomainRecord&Format=JSON&RR=%2A.home&RecordId=9999985&SignatureMethod=HMAC-SHA1&SignatureNonce=00000000-0000-0000-0000-000000000001&SignatureVersion=1.0&TTL=600&Timestamp=2024-01-01T00%3A00%3A00Z&Type=AAAA&Value=2001%3Adb8%3A%3A1&Version=2015-01-09",
            AlibabaCloudRequestSigner.Canonicalize(s_vectorG));
        Assert.Equal("aQLM+eGwaU6VoCtv/7ZFR9KYKKw=", AlibabaCloudRequestSigner.Sign("GET", s_vectorG, "testsecret"));
        Assert.Equal("c5U7KXzmCKIzJvJPnJK8inbJA1g=", AlibabaCloudRequestSigner.Sign("POST", s_vectorG, "testsecret"));
        Assert.Equal("c5U7KXzmCKIzJvJPnJK8inbJA1g=", AlidnsEmulator.ComputeSignature("POST", s_vectorG, "testsecret"));
    }

    [Theory]
    [InlineData("*.home", "%2A.home")]
    [InlineData("2001:db8::1", "2001%3Adb8%3A%3A1")]
    [InlineData("2016-03-24T16:41:54Z", "2016-03-24T16%3A41%3A54Z")]
    [InlineData("é", "%C3%A9")]
    [InlineData("!'()", "%21%27%28%29")]
    [InlineData("a b", "a%20b")]
    [InlineData("a+b", "a%2Bb")]
    [InlineData("~-_.", "~-_.")]
    [InlineData("家", "%E5%AE%B6")]
    [InlineData("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~!@#$%^&*()", "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~%21%40%23%24%25%5E%26%2A%28%29")]
    public void PercentEncoding_FollowsRfc3986(string input, string expected) => Assert.Equal(expected, AlibabaCloudPercentEncoding.Encode(input));

    [Fact]
    public void Canonicalize_SortsOrdinally_NotByCulture()
    {
        var names = new[] { "Value", "Type", "TTL", "Timestamp", "RRKeyWord", "RegionId", "RecordId", "RR" };

        var canonical = AlibabaCloudRequestSigner.Canonicalize(names.Select(n => KeyValuePair.Create(n, "x")));

        Assert.Equal("RR=x&RRKeyWord=x&RecordId=x&RegionId=x&TTL=x&Timestamp=x&Type=x&Value=x", canonical);
    }
}
