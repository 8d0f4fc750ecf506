# Calls the Open Inference Protocol's gRPC service with Python's grpcio (gRPC's C core, which
# tritonclient's gRPC mode runs on) and messages encoded by hand from the specification's field
# numbers: no generated stubs. Prints one line a call: what came back, or the status and its
# description. Used by GrpcioClientTest (server) and TrainServeCallStopIT (e2e, the real jar).
#
#   python3 grpcio_client.py PORT API_KEY IMAGE_FILE     (API_KEY may be empty)
import struct, sys, grpc

def varint(n):
    n &= (1 << 64) - 1
    out = bytearray()
    while True:
        low, n = n & 0x7F, n >> 7
        out.append(low | (0x80 if n else 0))
        if not n:
            return bytes(out)

def field(number, payload):
    return varint(number << 3 | 2) + varint(len(payload)) + payload

def text(number, value):
    return field(number, value.encode())

def read_varint(buf, i):
    shift = value = 0
    while True:
        b = buf[i]
        i += 1
        value |= (b & 0x7F) << shift
        shift += 7
        if b < 0x80:
            return value, i

def fields(buf):
    out, i = {}, 0
    while i < len(buf):
        tag, i = read_varint(buf, i)
        wire = tag & 7
        if wire == 0:
            value, i = read_varint(buf, i)
        elif wire == 2:
            size, i = read_varint(buf, i)
            value, i = buf[i:i + size], i + size
        else:
            raise SystemExit('unexpected wire type %d' % wire)
        out.setdefault(tag >> 3, []).append(value)
    return out

port, key, png_path = sys.argv[1], sys.argv[2], sys.argv[3]
channel = grpc.insecure_channel('127.0.0.1:' + port)

def call(method, request, key=None):
    metadata = [('authorization', 'Bearer ' + key)] if key else []
    rpc = channel.unary_unary('/inference.GRPCInferenceService/' + method)
    try:
        return fields(rpc(request, timeout=60, metadata=metadata))
    except grpc.RpcError as e:
        return 'status %s: %s' % (e.code().name, e.details())

print('live', call('ServerLive', b'')[1])
png = open(png_path, 'rb').read()
image = (text(1, 'image_bytes') + text(2, 'BYTES') + field(3, varint(1))
         + field(5, field(8, png)))
request = text(1, 'siamese-embedding') + text(3, 'py-1') + field(5, image)
refused = call('ModelInfer', request)
print('no key', refused if isinstance(refused, str) else 'answered')
response = call('ModelInfer', request, key)
output = fields(response[5][0])
raw = response[6][0]
floats = struct.unpack('<%df' % (len(raw) // 4), raw)
print('infer', response[3][0].decode(), output[1][0].decode(), output[2][0].decode(),
      ' '.join(repr(f) for f in floats))
print('unknown', call('ModelInfer', text(1, 'nope') + field(5, image), key))
print('metadata', call('ModelMetadata', text(1, 'siamese-distance'), key)[3][0].decode())
