using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace PulumiL2Bridge
{
    public class HcnException : Exception
    {
        public int HResult32;
        public HcnException(string message, int hresult) : base(message) { HResult32 = hresult; }
    }

    public static class Hcn
    {
        [DllImport("computenetwork.dll")] static extern int HcnEnumerateNetworks([MarshalAs(UnmanagedType.LPWStr)] string q, [MarshalAs(UnmanagedType.LPWStr)] out string r, [MarshalAs(UnmanagedType.LPWStr)] out string e);
        [DllImport("computenetwork.dll")] static extern int HcnOpenNetwork(ref Guid id, out IntPtr h, [MarshalAs(UnmanagedType.LPWStr)] out string e);
        [DllImport("computenetwork.dll")] static extern int HcnCreateNetwork(ref Guid id, [MarshalAs(UnmanagedType.LPWStr)] string s, out IntPtr h, [MarshalAs(UnmanagedType.LPWStr)] out string e);
        [DllImport("computenetwork.dll")] static extern int HcnModifyNetwork(IntPtr h, [MarshalAs(UnmanagedType.LPWStr)] string s, [MarshalAs(UnmanagedType.LPWStr)] out string e);
        [DllImport("computenetwork.dll")] static extern int HcnQueryNetworkProperties(IntPtr h, [MarshalAs(UnmanagedType.LPWStr)] string q, [MarshalAs(UnmanagedType.LPWStr)] out string r, [MarshalAs(UnmanagedType.LPWStr)] out string e);
        [DllImport("computenetwork.dll")] static extern int HcnDeleteNetwork(ref Guid id, [MarshalAs(UnmanagedType.LPWStr)] out string e);
        [DllImport("computenetwork.dll")] static extern int HcnCloseNetwork(IntPtr h);

        [DllImport("computenetwork.dll")] static extern int HcnEnumerateEndpoints([MarshalAs(UnmanagedType.LPWStr)] string q, [MarshalAs(UnmanagedType.LPWStr)] out string r, [MarshalAs(UnmanagedType.LPWStr)] out string e);
        [DllImport("computenetwork.dll")] static extern int HcnOpenEndpoint(ref Guid id, out IntPtr h, [MarshalAs(UnmanagedType.LPWStr)] out string e);
        [DllImport("computenetwork.dll")] static extern int HcnCreateEndpoint(IntPtr network, ref Guid id, [MarshalAs(UnmanagedType.LPWStr)] string s, out IntPtr h, [MarshalAs(UnmanagedType.LPWStr)] out string e);
        [DllImport("computenetwork.dll")] static extern int HcnModifyEndpoint(IntPtr h, [MarshalAs(UnmanagedType.LPWStr)] string s, [MarshalAs(UnmanagedType.LPWStr)] out string e);
        [DllImport("computenetwork.dll")] static extern int HcnQueryEndpointProperties(IntPtr h, [MarshalAs(UnmanagedType.LPWStr)] string q, [MarshalAs(UnmanagedType.LPWStr)] out string r, [MarshalAs(UnmanagedType.LPWStr)] out string e);
        [DllImport("computenetwork.dll")] static extern int HcnDeleteEndpoint(ref Guid id, [MarshalAs(UnmanagedType.LPWStr)] out string e);
        [DllImport("computenetwork.dll")] static extern int HcnCloseEndpoint(IntPtr h);

        [DllImport("computenetwork.dll")] static extern int HcnEnumerateLoadBalancers([MarshalAs(UnmanagedType.LPWStr)] string q, [MarshalAs(UnmanagedType.LPWStr)] out string r, [MarshalAs(UnmanagedType.LPWStr)] out string e);
        [DllImport("computenetwork.dll")] static extern int HcnOpenLoadBalancer(ref Guid id, out IntPtr h, [MarshalAs(UnmanagedType.LPWStr)] out string e);
        [DllImport("computenetwork.dll")] static extern int HcnCreateLoadBalancer(ref Guid id, [MarshalAs(UnmanagedType.LPWStr)] string s, out IntPtr h, [MarshalAs(UnmanagedType.LPWStr)] out string e);
        [DllImport("computenetwork.dll")] static extern int HcnModifyLoadBalancer(IntPtr h, [MarshalAs(UnmanagedType.LPWStr)] string s, [MarshalAs(UnmanagedType.LPWStr)] out string e);
        [DllImport("computenetwork.dll")] static extern int HcnQueryLoadBalancerProperties(IntPtr h, [MarshalAs(UnmanagedType.LPWStr)] string q, [MarshalAs(UnmanagedType.LPWStr)] out string r, [MarshalAs(UnmanagedType.LPWStr)] out string e);
        [DllImport("computenetwork.dll")] static extern int HcnDeleteLoadBalancer(ref Guid id, [MarshalAs(UnmanagedType.LPWStr)] out string e);
        [DllImport("computenetwork.dll")] static extern int HcnCloseLoadBalancer(IntPtr h);

        [DllImport("computenetwork.dll")] static extern int HcnEnumerateNamespaces([MarshalAs(UnmanagedType.LPWStr)] string q, [MarshalAs(UnmanagedType.LPWStr)] out string r, [MarshalAs(UnmanagedType.LPWStr)] out string e);
        [DllImport("computenetwork.dll")] static extern int HcnOpenNamespace(ref Guid id, out IntPtr h, [MarshalAs(UnmanagedType.LPWStr)] out string e);
        [DllImport("computenetwork.dll")] static extern int HcnModifyNamespace(IntPtr h, [MarshalAs(UnmanagedType.LPWStr)] string s, [MarshalAs(UnmanagedType.LPWStr)] out string e);
        [DllImport("computenetwork.dll")] static extern int HcnQueryNamespaceProperties(IntPtr h, [MarshalAs(UnmanagedType.LPWStr)] string q, [MarshalAs(UnmanagedType.LPWStr)] out string r, [MarshalAs(UnmanagedType.LPWStr)] out string e);
        [DllImport("computenetwork.dll")] static extern int HcnCloseNamespace(IntPtr h);

        [DllImport("vmcompute.dll")] static extern int HNSCall([MarshalAs(UnmanagedType.LPWStr)] string method, [MarshalAs(UnmanagedType.LPWStr)] string path, [MarshalAs(UnmanagedType.LPWStr)] string request, [MarshalAs(UnmanagedType.LPWStr)] out string response);

        static void Check(string what, int hr, string error)
        {
            if (hr != 0 || !String.IsNullOrEmpty(error))
            {
                throw new HcnException(String.Format("{0} failed: HRESULT 0x{1:X8} {2}", what, hr, error), hr);
            }
        }

        static string[] Ids(string json)
        {
            List<string> ids = new List<string>();
            if (String.IsNullOrEmpty(json)) { return ids.ToArray(); }
            foreach (Match m in Regex.Matches(json, "[0-9A-Fa-f]{8}-([0-9A-Fa-f]{4}-){3}[0-9A-Fa-f]{12}")) { ids.Add(m.Value); }
            return ids.ToArray();
        }

        /** The IDs HNS enumerates for the query; no object is opened. */
        public static string[] Enumerate(string kind, string query)
        {
            string r; string e; int hr;
            if (kind == "Network") { hr = HcnEnumerateNetworks(query, out r, out e); }
            else if (kind == "Endpoint") { hr = HcnEnumerateEndpoints(query, out r, out e); }
            else if (kind == "LoadBalancer") { hr = HcnEnumerateLoadBalancers(query, out r, out e); }
            else { hr = HcnEnumerateNamespaces(query, out r, out e); }
            Check("enumerate " + kind, hr, e);
            return Ids(r);
        }

        /** Properties of every object the query enumerates (those gone since are left out). */
        public static string[] List(string kind, string query)
        {
            List<string> found = new List<string>();
            foreach (string id in Enumerate(kind, query))
            {
                string properties = TryQuery(kind, new Guid(id), query);
                if (properties != null) { found.Add(properties); }
            }
            return found.ToArray();
        }

        static IntPtr Open(string kind, Guid id, out int hr, out string e)
        {
            IntPtr h;
            if (kind == "Network") { hr = HcnOpenNetwork(ref id, out h, out e); }
            else if (kind == "Endpoint") { hr = HcnOpenEndpoint(ref id, out h, out e); }
            else if (kind == "LoadBalancer") { hr = HcnOpenLoadBalancer(ref id, out h, out e); }
            else { hr = HcnOpenNamespace(ref id, out h, out e); }
            return h;
        }

        static void Close(string kind, IntPtr h)
        {
            if (h == IntPtr.Zero) { return; }
            if (kind == "Network") { HcnCloseNetwork(h); }
            else if (kind == "Endpoint") { HcnCloseEndpoint(h); }
            else if (kind == "LoadBalancer") { HcnCloseLoadBalancer(h); }
            else { HcnCloseNamespace(h); }
        }

        static string QueryHandle(string kind, IntPtr h, string query)
        {
            string r; string e; int hr;
            if (kind == "Network") { hr = HcnQueryNetworkProperties(h, query, out r, out e); }
            else if (kind == "Endpoint") { hr = HcnQueryEndpointProperties(h, query, out r, out e); }
            else if (kind == "LoadBalancer") { hr = HcnQueryLoadBalancerProperties(h, query, out r, out e); }
            else { hr = HcnQueryNamespaceProperties(h, query, out r, out e); }
            Check("query " + kind, hr, e);
            return r;
        }

        /** A handle of one object, or IntPtr.Zero when it does not exist; close it with CloseHandle. */
        public static IntPtr TryOpen(string kind, Guid id)
        {
            int hr; string e;
            IntPtr h = Open(kind, id, out hr, out e);
            return hr == 0 ? h : IntPtr.Zero;
        }

        /** Properties of the object behind an open handle. */
        public static string QueryOpen(string kind, IntPtr h, string query) { return QueryHandle(kind, h, query); }

        /** Closes a handle of TryOpen (IntPtr.Zero is ignored). */
        public static void CloseHandle(string kind, IntPtr h) { Close(kind, h); }

        /** Properties of one object, or null when it no longer exists. */
        public static string TryQuery(string kind, Guid id, string query)
        {
            int hr; string e;
            IntPtr h = Open(kind, id, out hr, out e);
            if (hr != 0) { return null; }
            try { return QueryHandle(kind, h, query); }
            finally { Close(kind, h); }
        }

        public static string CreateNetwork(string settings, string query)
        {
            Guid id = Guid.Empty; IntPtr h; string e;
            Check("create network", HcnCreateNetwork(ref id, settings, out h, out e), e);
            try { return QueryHandle("Network", h, query); } finally { Close("Network", h); }
        }

        public static string CreateEndpoint(Guid networkId, string settings, string query)
        {
            int hr; string e;
            IntPtr network = Open("Network", networkId, out hr, out e);
            Check("open network " + networkId, hr, e);
            try
            {
                Guid id = Guid.Empty; IntPtr h;
                Check("create endpoint", HcnCreateEndpoint(network, ref id, settings, out h, out e), e);
                try { return QueryHandle("Endpoint", h, query); } finally { Close("Endpoint", h); }
            }
            finally { Close("Network", network); }
        }

        public static string CreateLoadBalancer(string settings, string query)
        {
            Guid id = Guid.Empty; IntPtr h; string e;
            Check("create load balancer", HcnCreateLoadBalancer(ref id, settings, out h, out e), e);
            try { return QueryHandle("LoadBalancer", h, query); } finally { Close("LoadBalancer", h); }
        }

        public static void Modify(string kind, Guid id, string settings)
        {
            int hr; string e;
            IntPtr h = Open(kind, id, out hr, out e);
            Check("open " + kind + " " + id, hr, e);
            try
            {
                if (kind == "Network") { hr = HcnModifyNetwork(h, settings, out e); }
                else if (kind == "Endpoint") { hr = HcnModifyEndpoint(h, settings, out e); }
                else if (kind == "LoadBalancer") { hr = HcnModifyLoadBalancer(h, settings, out e); }
                else { hr = HcnModifyNamespace(h, settings, out e); }
                Check("modify " + kind + " " + id, hr, e);
            }
            finally { Close(kind, h); }
        }

        /** Deletes one object; an object that is already gone counts as deleted. */
        public static void Delete(string kind, Guid id)
        {
            if (TryQuery(kind, id, "{\"SchemaVersion\":{\"Major\":2,\"Minor\":0},\"Flags\":0}") == null) { return; }
            string e; int hr;
            if (kind == "Network") { hr = HcnDeleteNetwork(ref id, out e); }
            else if (kind == "Endpoint") { hr = HcnDeleteEndpoint(ref id, out e); }
            else { hr = HcnDeleteLoadBalancer(ref id, out e); }
            Check("delete " + kind + " " + id, hr, e);
        }

        /** HNS v1 call; returns the response envelope's JSON text. */
        public static string V1(string method, string path, string request)
        {
            string response;
            int hr = HNSCall(method, path, request, out response);
            if (hr != 0) { throw new HcnException(String.Format("HNS {0} {1} failed: HRESULT 0x{2:X8} {3}", method, path, hr, response), hr); }
            return response;
        }
    }
}
