// Licensed under the MIT license.

using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks.Sources;

namespace AliDdnsHa.Probing;

/// <summary>Connects with a non-blocking socket and closes with a reset, reporting the outcome as a value.</summary>
/// <remarks>
/// Closing with linger 0 sends RST instead of FIN, as HAProxy does for its checks: the probe leaves no socket in
/// TIME_WAIT, so thousands of endpoints probed every second do not exhaust local ports.
/// <para>Built on pooled <see cref="SocketAsyncEventArgs"/> rather than <c>Socket.ConnectAsync(EndPoint, CancellationToken)</c>:
/// that API reports a refused connection and a cancelled one as exceptions, and at 10,000 endpoints a throw per failed
/// or timed-out probe was a visible share of the controller's CPU. The timeout lives in the pooled operation too, as
/// one reusable timer on the injected clock: a cancellation source with a timeout per probe was two objects and a
/// timer registration per probe. When it fires it cancels the connect (<see cref="Socket.CancelConnectAsync"/>) and
/// the probe reads <see cref="SocketError.TimedOut"/>.</para>
/// </remarks>
public sealed class SocketTcpConnector : ITcpConnector
{
    private const int MaxPooled = 1024;

    private static readonly LingerOption s_reset = new(true, 0);

    private readonly TimeProvider _timeProvider;
    private readonly IPAddress? _localAddress;
    private readonly ConcurrentQueue<ConnectOperation> _pool = new();

    /// <param name="timeProvider">The clock timeouts run on.</param>
    /// <param name="localAddress">When set, sockets are bound to it before connecting, so a multi-homed host sends the
    /// probe out of the line that address belongs to.</param>
    public SocketTcpConnector(TimeProvider timeProvider, IPAddress? localAddress = null)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;
        _localAddress = localAddress;
    }

    /// <summary>Connects once. Not an async method: the pooled operation is itself the awaitable, and it closes the
    /// socket and goes back to the pool when its result is read, so a probe costs no state-machine box here.</summary>
    public ValueTask<SocketError> ConnectAsync(IPEndPoint endPoint, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        if (cancellationToken.IsCancellationRequested)
        {
            return new(SocketError.OperationAborted);
        }

        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { LingerState = s_reset };
        var operation = _pool.TryDequeue(out var pooled) ? pooled : new ConnectOperation(this);
        operation.Prepare(socket, endPoint);
        try
        {
            if (_localAddress is not null)
            {
                socket.Bind(new IPEndPoint(_localAddress, 0));
            }

            if (!socket.ConnectAsync(operation))
            {
                var error = operation.SocketError;
                operation.Finish();
                return new(error);
            }
        }
        catch (SocketException ex)
        {
            operation.Finish();
            return new(ex.SocketErrorCode); // Bind to an address this host no longer has
        }

        operation.Arm(timeout, cancellationToken);
        return operation.Task;
    }

    private void Return(ConnectOperation operation)
    {
        if (_pool.Count < MaxPooled)
        {
            _pool.Enqueue(operation);
        }
        else
        {
            operation.Release();
        }
    }

    /// <summary>One reusable connect: the event args, the socket it connects, its timeout timer, and the awaitable its
    /// completion resolves. Reading the result closes the socket and returns the operation to its connector's pool.</summary>
    /// <remarks>
    /// The timer belongs to the operation, so a callback can come late, after the connect it was armed for has ended
    /// and the operation serves the next one. Two guards keep it from cancelling the wrong connect: it acts only once
    /// the current deadline has passed (earlier it re-arms for what is left), and it cancels only a connect still in
    /// progress, claimed with a compare-and-swap that <see cref="Finish"/> waits out before the operation is reused.
    /// </remarks>
    private sealed class ConnectOperation : SocketAsyncEventArgs, IValueTaskSource<SocketError>
    {
        private const int Idle = 0;
        private const int Connecting = 1;
        private const int Cancelling = 2;
        private const int TimedOut = 3;

        private readonly SocketTcpConnector _owner;
        private readonly ITimer _timer;

        // The operation whose connect this thread is cancelling (see OnCompleted).
        [ThreadStatic]
        private static ConnectOperation? t_cancelling;

        private ManualResetValueTaskSourceCore<SocketError> _source;
        private Socket? _socket;
        private CancellationTokenRegistration _cancellation;
        private long _deadline = long.MaxValue;
        private int _state;

        public ConnectOperation(SocketTcpConnector owner)
        {
            _owner = owner;
            _timer = owner._timeProvider.CreateTimer(static state => ((ConnectOperation)state!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }

        public ValueTask<SocketError> Task => new(this, _source.Version);

        public void Prepare(Socket socket, IPEndPoint endPoint)
        {
            _source.Reset();
            _socket = socket;
            RemoteEndPoint = endPoint;
        }

        /// <summary>Starts the timeout and hooks shutdown, once the connect is known to be pending.</summary>
        public void Arm(TimeSpan timeout, CancellationToken cancellationToken)
        {
            Volatile.Write(ref _deadline, _owner._timeProvider.GetTimestamp() + (long)(timeout.TotalSeconds * _owner._timeProvider.TimestampFrequency));
            Volatile.Write(ref _state, Connecting);
            _timer.Change(timeout, Timeout.InfiniteTimeSpan);
            _cancellation = cancellationToken.UnsafeRegister(static state => ((ConnectOperation)state!).Cancel(), this);
        }

        /// <summary>Closes the socket and goes back to the pool.</summary>
        /// <returns>Whether the timeout cancelled the connect.</returns>
        public bool Finish()
        {
            _cancellation.Dispose(); // waits for a shutdown callback that is running
            _cancellation = default;
            Volatile.Write(ref _deadline, long.MaxValue);
            var spin = default(SpinWait);
            int state;
            while ((state = Interlocked.CompareExchange(ref _state, Idle, Connecting)) == Cancelling)
            {
                spin.SpinOnce(); // a timer callback is inside CancelConnectAsync for this connect
            }

            // Connecting: claimed before the timer could; TimedOut: the timer cancelled it; Idle: never armed.
            var timedOut = state == TimedOut;
            Volatile.Write(ref _state, Idle);
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _socket?.Dispose();
            _socket = null;
            _owner.Return(this);
            return timedOut;
        }

        public void Release()
        {
            _timer.Dispose();
            Dispose();
        }

        public SocketError GetResult(short token)
        {
            var error = _source.GetResult(token);
            return Finish() && error == SocketError.OperationAborted ? SocketError.TimedOut : error;
        }

        public ValueTaskSourceStatus GetStatus(short token) => _source.GetStatus(token);

        public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
            _source.OnCompleted(continuation, state, token, flags);

        /// <summary>The socket engine completes a connect on a thread-pool thread, and the probe goes on right there,
        /// as .NET's own socket awaitables do: one thread-pool hop per probe fewer, which at idle is one wake-up of a
        /// worker fewer (issue 14). A connect cancelled by <see cref="Cancel"/> may complete inside that call, on the
        /// canceller's thread; that continuation goes to the thread pool, because the probe must not run on while its
        /// canceller (the timer, which <see cref="Finish"/> waits for; or shutdown) is still inside the call.</summary>
        protected override void OnCompleted(SocketAsyncEventArgs e)
        {
            _source.RunContinuationsAsynchronously = t_cancelling == this;
            _source.SetResult(SocketError);
        }

        private void Cancel()
        {
            t_cancelling = this;
            try
            {
                Socket.CancelConnectAsync(this);
            }
            finally
            {
                t_cancelling = null;
            }
        }

        private void OnTimer()
        {
            var clock = _owner._timeProvider;
            var left = Volatile.Read(ref _deadline) - clock.GetTimestamp();
            if (left > 0)
            {
                // Early by the timer's rounding, or late from an earlier connect: wait for this deadline (the
                // operation is idle when the deadline is unset, and Finish disarms the timer again).
                if (left < long.MaxValue / 2)
                {
                    _timer.Change(TimeSpan.FromSeconds((double)left / clock.TimestampFrequency), Timeout.InfiniteTimeSpan);
                }

                return;
            }

            if (Interlocked.CompareExchange(ref _state, Cancelling, Connecting) == Connecting)
            {
                Cancel();
                Volatile.Write(ref _state, TimedOut);
            }
        }
    }
}
