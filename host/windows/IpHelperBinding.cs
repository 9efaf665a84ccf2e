// The host's IPv4 stack read through IP Helper (iphlpapi.dll): interfaces, addresses, neighbours,
// active routes and the interface a destination leaves by. Each read is one native call that
// returns a whole table, where the NetTCPIP cmdlets make a CIM query per call. Rows are read at
// the x64 offsets of Microsoft's netioapi.h structures. Writes stay with the NetTCPIP cmdlets.
// The usings sit inside the namespace so this file can follow HcnBinding.cs in one compilation.
namespace PulumiL2Bridge
{
    using System;
    using System.Collections.Generic;
    using System.Net;
    using System.Runtime.InteropServices;

    /** One IPv4 interface: Get-NetIPInterface's forwarding joined with Get-NetAdapter's MAC. */
    public sealed class IpInterfaceRow
    {
        public uint ifIndex;
        public string InterfaceAlias;
        /** "Enabled" or "Disabled", as Get-NetIPInterface shows it. */
        public string Forwarding;
        /** Upper-case hex pairs joined by '-', as Get-NetAdapter shows it; "" without one. */
        public string MacAddress;
    }

    /** One IPv4 unicast address. */
    public sealed class IpAddressRow
    {
        public uint ifIndex;
        public string InterfaceAlias;
        public string IPAddress;
        public int PrefixLength;
    }

    /** One IPv4 neighbour-cache entry. */
    public sealed class IpNeighborRow
    {
        public uint ifIndex;
        public string InterfaceAlias;
        public string IPAddress;
        public string LinkLayerAddress;
        /** NL_NEIGHBOR_STATE by Get-NetNeighbor's name ("Permanent", "Reachable", …). */
        public string State;
    }

    /** One IPv4 route of the active store. */
    public sealed class IpRouteRow
    {
        public uint ifIndex;
        public string InterfaceAlias;
        public string DestinationPrefix;
        /** "0.0.0.0" for an on-link route, as Get-NetRoute shows it. */
        public string NextHop;
        public uint RouteMetric;
    }

    /** The interface tables one view reads together. */
    public sealed class IpInterfaceFacts
    {
        public IpInterfaceRow[] Interfaces;
        public IpAddressRow[] Addresses;
        public IpNeighborRow[] Neighbors;
    }

    public static class IpHelper
    {
        const ushort AfInet = 2;
        const int NoError = 0;
        const int ErrorNotFound = 1168;
        // Every MIB_*_TABLE holds ULONG NumEntries, then its rows 8-aligned.
        const int TableRowsOffset = 8;

        const int IfRowSize = 1352;
        const int IfRowIndex = 8;
        const int IfRowAlias = 28;
        const int IfRowAliasChars = 257;
        const int IfRowPhysicalAddressLength = 1056;
        const int IfRowPhysicalAddress = 1060;

        const int IpInterfaceRowSize = 168;
        const int IpInterfaceRowIndex = 16;
        const int IpInterfaceRowForwardingEnabled = 41;

        const int UnicastRowSize = 80;
        const int UnicastRowIndex = 40;
        const int UnicastRowPrefixLength = 60;

        const int NeighborRowSize = 88;
        const int NeighborRowIndex = 28;
        const int NeighborRowPhysicalAddress = 40;
        const int NeighborRowPhysicalAddressLength = 72;
        const int NeighborRowState = 76;

        const int ForwardRowSize = 104;
        const int ForwardRowIndex = 8;
        const int ForwardRowPrefix = 12;
        const int ForwardRowPrefixLength = 12 + 28;
        const int ForwardRowNextHop = 44;
        const int ForwardRowMetric = 84;

        // SOCKADDR_IN: sin_family at 0, the address's four bytes at 4.
        const int SockaddrAddress = 4;

        // NL_NEIGHBOR_STATE by value, named as Get-NetNeighbor names its states.
        static readonly string[] NeighborStates = { "Unreachable", "Incomplete", "Probe", "Delay", "Stale", "Reachable", "Permanent" };

        [DllImport("iphlpapi.dll")] static extern int GetIfTable2(out IntPtr table);
        [DllImport("iphlpapi.dll")] static extern int GetIpInterfaceTable(ushort family, out IntPtr table);
        [DllImport("iphlpapi.dll")] static extern int GetUnicastIpAddressTable(ushort family, out IntPtr table);
        [DllImport("iphlpapi.dll")] static extern int GetIpNetTable2(ushort family, out IntPtr table);
        [DllImport("iphlpapi.dll")] static extern int GetIpForwardTable2(ushort family, out IntPtr table);
        [DllImport("iphlpapi.dll")] static extern int GetBestInterface(uint destination, out uint index);
        [DllImport("iphlpapi.dll")] static extern void FreeMibTable(IntPtr memory);

        delegate int TableReader(out IntPtr table);

        /** Calls `read`, hands each row's address to `visit`, frees the table. ERROR_NOT_FOUND is an empty table. */
        static void ForEachRow(string function, TableReader read, int rowSize, Action<IntPtr> visit)
        {
            IntPtr table;
            int result = read(out table);
            if (result == ErrorNotFound) { return; }
            if (result != NoError)
            {
                throw new InvalidOperationException(String.Format("pulumi-l2bridge: {0} failed with Windows error {1}", function, result));
            }
            try
            {
                int count = Marshal.ReadInt32(table);
                for (int i = 0; i < count; i++) { visit(IntPtr.Add(table, TableRowsOffset + i * rowSize)); }
            }
            finally { FreeMibTable(table); }
        }

        static string Ipv4At(IntPtr sockaddr)
        {
            byte[] bytes = new byte[4];
            Marshal.Copy(IntPtr.Add(sockaddr, SockaddrAddress), bytes, 0, 4);
            return new IPAddress(bytes).ToString();
        }

        /** The NUL-terminated UTF-16 text of a WCHAR[capacity] field, never read past the field. */
        static string WideStringAt(IntPtr field, int capacity)
        {
            int length = 0;
            while (length < capacity && Marshal.ReadInt16(field, length * 2) != 0) { length++; }
            return Marshal.PtrToStringUni(field, length);
        }

        static string MacAt(IntPtr address, int length)
        {
            if (length <= 0) { return ""; }
            byte[] bytes = new byte[Math.Min(length, 32)];
            Marshal.Copy(address, bytes, 0, bytes.Length);
            return BitConverter.ToString(bytes);
        }

        sealed class Link
        {
            public string Alias;
            public string Mac;
        }

        /** Every interface's alias and MAC address by interface index (GetIfTable2). */
        static Dictionary<uint, Link> ReadLinks()
        {
            Dictionary<uint, Link> links = new Dictionary<uint, Link>();
            ForEachRow("GetIfTable2", GetIfTable2, IfRowSize, row =>
            {
                links[(uint)Marshal.ReadInt32(row, IfRowIndex)] = new Link
                {
                    Alias = WideStringAt(IntPtr.Add(row, IfRowAlias), IfRowAliasChars),
                    Mac = MacAt(IntPtr.Add(row, IfRowPhysicalAddress), Marshal.ReadInt32(row, IfRowPhysicalAddressLength)),
                };
            });
            return links;
        }

        static string AliasOf(Dictionary<uint, Link> links, uint index)
        {
            Link link;
            return links.TryGetValue(index, out link) ? link.Alias : "";
        }

        static IpInterfaceRow[] ReadInterfaces(Dictionary<uint, Link> links)
        {
            List<IpInterfaceRow> rows = new List<IpInterfaceRow>();
            ForEachRow("GetIpInterfaceTable", (out IntPtr t) => GetIpInterfaceTable(AfInet, out t), IpInterfaceRowSize, row =>
            {
                uint index = (uint)Marshal.ReadInt32(row, IpInterfaceRowIndex);
                Link link;
                if (!links.TryGetValue(index, out link)) { return; }
                rows.Add(new IpInterfaceRow
                {
                    ifIndex = index,
                    InterfaceAlias = link.Alias,
                    Forwarding = Marshal.ReadByte(row, IpInterfaceRowForwardingEnabled) != 0 ? "Enabled" : "Disabled",
                    MacAddress = link.Mac,
                });
            });
            return rows.ToArray();
        }

        static IpAddressRow[] ReadAddresses(Dictionary<uint, Link> links)
        {
            List<IpAddressRow> rows = new List<IpAddressRow>();
            ForEachRow("GetUnicastIpAddressTable", (out IntPtr t) => GetUnicastIpAddressTable(AfInet, out t), UnicastRowSize, row =>
            {
                uint index = (uint)Marshal.ReadInt32(row, UnicastRowIndex);
                rows.Add(new IpAddressRow
                {
                    ifIndex = index,
                    InterfaceAlias = AliasOf(links, index),
                    IPAddress = Ipv4At(row),
                    PrefixLength = Marshal.ReadByte(row, UnicastRowPrefixLength),
                });
            });
            return rows.ToArray();
        }

        static IpNeighborRow[] ReadNeighbors(Dictionary<uint, Link> links)
        {
            List<IpNeighborRow> rows = new List<IpNeighborRow>();
            ForEachRow("GetIpNetTable2", (out IntPtr t) => GetIpNetTable2(AfInet, out t), NeighborRowSize, row =>
            {
                uint index = (uint)Marshal.ReadInt32(row, NeighborRowIndex);
                int state = Marshal.ReadInt32(row, NeighborRowState);
                rows.Add(new IpNeighborRow
                {
                    ifIndex = index,
                    InterfaceAlias = AliasOf(links, index),
                    IPAddress = Ipv4At(row),
                    LinkLayerAddress = MacAt(IntPtr.Add(row, NeighborRowPhysicalAddress), Marshal.ReadInt32(row, NeighborRowPhysicalAddressLength)),
                    State = state >= 0 && state < NeighborStates.Length ? NeighborStates[state] : "Unreachable",
                });
            });
            return rows.ToArray();
        }

        /** The interfaces, addresses and neighbours of the host's IPv4 stack, with one interface-table read. */
        public static IpInterfaceFacts ReadInterfaceFacts()
        {
            Dictionary<uint, Link> links = ReadLinks();
            return new IpInterfaceFacts
            {
                Interfaces = ReadInterfaces(links),
                Addresses = ReadAddresses(links),
                Neighbors = ReadNeighbors(links),
            };
        }

        /** The IPv4 routes of the active store. */
        public static IpRouteRow[] ReadRoutes()
        {
            Dictionary<uint, Link> links = ReadLinks();
            List<IpRouteRow> rows = new List<IpRouteRow>();
            ForEachRow("GetIpForwardTable2", (out IntPtr t) => GetIpForwardTable2(AfInet, out t), ForwardRowSize, row =>
            {
                uint index = (uint)Marshal.ReadInt32(row, ForwardRowIndex);
                rows.Add(new IpRouteRow
                {
                    ifIndex = index,
                    InterfaceAlias = AliasOf(links, index),
                    DestinationPrefix = Ipv4At(IntPtr.Add(row, ForwardRowPrefix)) + "/" + Marshal.ReadByte(row, ForwardRowPrefixLength),
                    NextHop = Ipv4At(IntPtr.Add(row, ForwardRowNextHop)),
                    RouteMetric = (uint)Marshal.ReadInt32(row, ForwardRowMetric),
                });
            });
            return rows.ToArray();
        }

        /**
         * For each IPv4 address of `destinations`, the alias of the interface the host sends it by, or
         * "" when it has no route there; the interface table is read once for all of them.
         */
        public static string[] BestInterfaceAliases(string[] destinations)
        {
            string[] aliases = new string[destinations.Length];
            if (destinations.Length == 0) { return aliases; }
            Dictionary<uint, Link> links = ReadLinks();
            for (int i = 0; i < destinations.Length; i++)
            {
                IPAddress parsed;
                if (!IPAddress.TryParse(destinations[i], out parsed) || parsed.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork)
                {
                    throw new ArgumentException(String.Format("pulumi-l2bridge: \"{0}\" is not an IPv4 address", destinations[i]));
                }
                uint index;
                // IPAddr holds the address in network byte order: its bytes in memory are the address's bytes.
                aliases[i] = GetBestInterface(BitConverter.ToUInt32(parsed.GetAddressBytes(), 0), out index) == NoError ? AliasOf(links, index) : "";
            }
            return aliases;
        }
    }
}
