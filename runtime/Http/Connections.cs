using System;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace HappyHorse.Generated.Http;

/// <summary>The connection layer the client builds for itself and registers with <c>IHttpClientFactory</c>.</summary>
internal static class Connections
{
    /// <summary>Marks a result download, whose addresses are checked as the connection is made.</summary>
    public static readonly HttpRequestOptionsKey<bool> CheckResultAddress = new("HappyHorse.CheckResultAddress");

    /// <summary>Marks a result download that must not reach a private-network or loopback address either.</summary>
    public static readonly HttpRequestOptionsKey<bool> CheckPrivateAddress = new("HappyHorse.CheckPrivateAddress");

    /// <summary>
    /// How long a connection may sit unused before it is closed: shorter than the shortest poll interval (5 s less
    /// 10 % jitter), so a few waiting tasks hold no connection between their polls, and shorter than the shortest
    /// keep-alive timeout servers commonly use (5 s), so a submit is not written onto a connection the server is
    /// closing.
    /// </summary>
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(2);

    /// <summary>How long a connection is used at most (then replaced once its request ends), so a change of the service's DNS records is seen.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Redirects off (the key never follows one to another host), and result downloads refused from link-local and
    /// cloud-metadata addresses after name resolution, so a host name cannot smuggle one in. At most
    /// <see cref="HappyHorseClientOptions.MaxConnectionsPerServer"/> connections to one host and port; idle ones are
    /// closed after <see cref="IdleTimeout"/>, and none is used longer than <see cref="Lifetime"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="HappyHorseClientOptions.MaxConnectionsPerServer"/> is less than 1.</exception>
    public static SocketsHttpHandler CreatePrimaryHandler(HappyHorseClientOptions options)
    {
        if (options.MaxConnectionsPerServer < 1)
        {
            throw new ArgumentOutOfRangeException(
                nameof(options), options.MaxConnectionsPerServer, $"{nameof(HappyHorseClientOptions)}.{nameof(HappyHorseClientOptions.MaxConnectionsPerServer)} must be at least 1.");
        }

        return new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            ConnectCallback = ConnectAsync,
            MaxConnectionsPerServer = options.MaxConnectionsPerServer,
            PooledConnectionIdleTimeout = IdleTimeout,
            PooledConnectionLifetime = Lifetime,
        };
    }

    /// <summary>Whether <paramref name="host"/> (a name or an address literal) is one result downloads refuse.</summary>
    public static bool IsRefusedResultHost(string host) =>
        host.Equals("metadata.google.internal", StringComparison.OrdinalIgnoreCase) ||
        host.Equals("metadata.goog", StringComparison.OrdinalIgnoreCase) ||
        (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IsRefusedResultAddress(address));

    /// <summary>Link-local addresses (where cloud metadata services live) and the metadata addresses outside that range.</summary>
    public static bool IsRefusedResultAddress(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var bytes = address.GetAddressBytes();
            return (bytes[0] == 169 && bytes[1] == 254) || address.Equals(AlibabaCloudMetadata);
        }

        return address.IsIPv6LinkLocal || address.Equals(AwsMetadataV6);
    }

    /// <summary>Whether <paramref name="host"/> is <c>localhost</c> or a private-network or loopback address literal.</summary>
    public static bool IsPrivateHost(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) ||
        (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IsPrivateAddress(address));

    /// <summary>Loopback and the private ranges: 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, fc00::/7.</summary>
    public static bool IsPrivateAddress(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address)) return true;
        var bytes = address.GetAddressBytes();
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return bytes[0] == 10 || (bytes[0] == 172 && (bytes[1] & 0xF0) == 16) || (bytes[0] == 192 && bytes[1] == 168);
        }

        return (bytes[0] & 0xFE) == 0xFC;
    }

    private static readonly IPAddress AlibabaCloudMetadata = IPAddress.Parse("100.100.100.200");
    private static readonly IPAddress AwsMetadataV6 = IPAddress.Parse("fd00:ec2::254");

    private static async ValueTask<System.IO.Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var check = context.InitialRequestMessage.Options.TryGetValue(CheckResultAddress, out var flagged) && flagged;
        var checkPrivate = context.InitialRequestMessage.Options.TryGetValue(CheckPrivateAddress, out var flaggedPrivate) && flaggedPrivate;
        var addresses = await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, cancellationToken).ConfigureAwait(false);
        Exception? last = null;
        foreach (var address in addresses)
        {
            if ((check && IsRefusedResultAddress(address)) || (checkPrivate && IsPrivateAddress(address)))
            {
                last = new RefusedAddressException(context.DnsEndPoint.Host);
                continue;
            }

            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), cancellationToken).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                socket.Dispose();
                last = e;
                if (e is OperationCanceledException) throw;
            }
        }

        throw last ?? new SocketException((int)SocketError.HostNotFound);
    }
}

/// <summary>A result host resolved to an address downloads refuse.</summary>
internal sealed class RefusedAddressException(string host)
    : Exception($"{host} resolves to a link-local, cloud-metadata, private-network or loopback address the download may not reach; see {nameof(HappyHorseClientOptions)}.{nameof(HappyHorseClientOptions.AllowLinkLocalDownloads)} and {nameof(HappyHorseClientOptions.AllowPrivateNetworkDownloads)}.");
