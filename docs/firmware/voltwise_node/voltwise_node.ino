// VoltWise node: ESP8266 NodeMCU + PZEM-004T v3 meter + relay, speaking the VoltWise MQTT node
// protocol v1 (docs/mqtt-protocol.md).
//
// - Publishes power, voltage, current, energy, frequency and power factor every
//   TELEMETRY_INTERVAL_MS on homesync/<home>/nodes/<node>/telemetry/<metric> (bare numbers).
// - Keeps a retained "online" on .../status, with a retained "offline" last will.
// - Keeps a retained "on"/"off" on .../state/relay: after every connection and every change
//   (command or button).
// - Carries out {"id": "...", "state": "on"|"off"} from .../command/relay and answers on
//   .../response/command with the same id.
// - Keeps a retained {"firmware": ..., "rssi": ..., "uptime": ...} on .../device_status: after
//   every connection and every DEVICE_STATUS_INTERVAL_MS.
//
// Libraries: PubSubClient 2.8 (Nick O'Leary), PZEM004Tv30 1.1.x (Jakub Mandula),
// ArduinoJson 7.x (Benoit Blanchon). Board: ESP8266 core 3.x, "NodeMCU 1.0 (ESP-12E Module)".
// See README.md next to this file for wiring and settings.

#include <Arduino.h>
#include <ArduinoJson.h>
#include <ESP8266WiFi.h>
#include <PZEM004Tv30.h>
#include <PubSubClient.h>
#include <SoftwareSerial.h>

// ---- settings -------------------------------------------------------------------------------

static const char *WIFI_SSID = "your-wifi";
static const char *WIFI_PASSWORD = "your-wifi-password";

static const char *MQTT_HOST = "192.168.1.10";  // the broker Home Assistant's MQTT uses
static const uint16_t MQTT_PORT = 1883;
static const char *MQTT_USER = "";      // empty: connect anonymously
static const char *MQTT_PASSWORD = "";

// Must match the appliance in VoltWise exactly: 1-64 of A-Z a-z 0-9 _ . : -
static const char *HOME_ID = "home1";
static const char *NODE_ID = "kettle";

static const uint32_t TELEMETRY_INTERVAL_MS = 5000;
static const uint32_t DEVICE_STATUS_INTERVAL_MS = 60000;
static const char *FIRMWARE_VERSION = "1.1.0";  // shown as the device's firmware in VoltWise
static const bool RELAY_ACTIVE_LOW = false;  // true for relay boards that switch on a LOW input
static const uint16_t MQTT_KEEPALIVE_S = 15;  // the broker sends the will ~1.5x this after a power cut

// ---- wiring (NodeMCU pin names) -------------------------------------------------------------

static const uint8_t PIN_PZEM_RX = D5;  // GPIO14 <- PZEM TX
static const uint8_t PIN_PZEM_TX = D6;  // GPIO12 -> PZEM RX
static const uint8_t PIN_RELAY = D1;    // GPIO5  -> relay module IN
static const uint8_t PIN_BUTTON = D2;   // GPIO4  <- push button to GND (internal pull-up)

// ---- constants ------------------------------------------------------------------------------

static const uint32_t MQTT_RETRY_MS = 5000;
static const uint32_t DEBOUNCE_MS = 50;
static const size_t ID_MAX_LEN = 64;
static const size_t TOPIC_LEN = 192;  // "homesync/" + 64 + "/nodes/" + 64 + "/response/command"

SoftwareSerial pzemSerial(PIN_PZEM_RX, PIN_PZEM_TX);
PZEM004Tv30 pzem(pzemSerial);  // begins pzemSerial at 9600 baud itself
WiFiClient wifiClient;
PubSubClient mqtt(wifiClient);

char topicBase[TOPIC_LEN];
char topicStatus[TOPIC_LEN];
char topicRelayState[TOPIC_LEN];
char topicCommand[TOPIC_LEN];
char topicResponse[TOPIC_LEN];
char topicDeviceStatus[TOPIC_LEN];
char clientId[80];

bool relayOn = false;  // the relay starts open after every boot (the safe state)
uint32_t lastTelemetryAt = 0;
uint32_t lastDeviceStatusAt = 0;
uint32_t lastMqttAttemptAt = 0;
bool mqttAttempted = false;

// The last command, so that a QoS 1 redelivery gets the same answer without switching again.
char lastCommandId[ID_MAX_LEN + 1] = "";
bool lastCommandOk = false;
const char *lastCommandError = "";

// ---- relay and button -----------------------------------------------------------------------

void writeRelayPin(bool on) {
  digitalWrite(PIN_RELAY, (on != RELAY_ACTIVE_LOW) ? HIGH : LOW);
}

void publishRelayState() {
  // Retained: whoever subscribes later (Home Assistant after a restart) learns the state.
  mqtt.publish(topicRelayState, relayOn ? "on" : "off", true);
}

void setRelay(bool on) {
  if (on == relayOn) {
    return;
  }
  relayOn = on;
  writeRelayPin(on);
  publishRelayState();  // does nothing while disconnected; sent again on (re)connection
}

void handleButton() {
  static int lastReading = HIGH;
  static int stableReading = HIGH;
  static uint32_t changedAt = 0;
  int reading = digitalRead(PIN_BUTTON);
  if (reading != lastReading) {
    lastReading = reading;
    changedAt = millis();
  }
  if (millis() - changedAt >= DEBOUNCE_MS && reading != stableReading) {
    stableReading = reading;
    if (stableReading == LOW) {  // pressed
      setRelay(!relayOn);
    }
  }
}

// ---- commands -------------------------------------------------------------------------------

bool isValidId(const char *id) {
  size_t len = strlen(id);
  if (len == 0 || len > ID_MAX_LEN) {
    return false;
  }
  for (size_t i = 0; i < len; i++) {
    char c = id[i];
    if (!(isalnum((unsigned char)c) || c == '_' || c == '.' || c == ':' || c == '-')) {
      return false;
    }
  }
  return true;
}

void answer(const char *id, bool ok, const char *error) {
  // ids are validated and errors are constants without quotes, so no JSON escaping is needed.
  char body[160];
  if (ok) {
    snprintf(body, sizeof(body), "{\"id\":\"%s\",\"ok\":true,\"state\":\"%s\"}", id,
             relayOn ? "on" : "off");
  } else {
    snprintf(body, sizeof(body), "{\"id\":\"%s\",\"ok\":false,\"error\":\"%s\"}", id, error);
  }
  mqtt.publish(topicResponse, body, false);
}

void onMessage(char *topic, byte *payload, unsigned int length) {
  if (strcmp(topic, topicCommand) != 0) {
    return;
  }
  JsonDocument doc;
  if (deserializeJson(doc, payload, length)) {
    return;  // not JSON: there is no id to answer
  }
  const char *rawId = doc["id"] | "";
  if (!isValidId(rawId)) {
    return;  // no usable id: the answer could not be matched anyway
  }
  // Copy what we need now: publishing below reuses PubSubClient's buffer, which holds payload.
  char id[ID_MAX_LEN + 1];
  strlcpy(id, rawId, sizeof(id));
  char state[8];
  strlcpy(state, doc["state"] | "", sizeof(state));

  if (strcmp(id, lastCommandId) == 0) {  // a redelivered command: same answer, no action
    answer(id, lastCommandOk, lastCommandError);
    return;
  }
  bool ok = true;
  const char *error = "";
  if (strcmp(state, "on") == 0) {
    setRelay(true);  // publishes state/relay before the answer
  } else if (strcmp(state, "off") == 0) {
    setRelay(false);
  } else {
    ok = false;
    error = "bad state";
  }
  strlcpy(lastCommandId, id, sizeof(lastCommandId));
  lastCommandOk = ok;
  lastCommandError = error;
  answer(id, ok, error);
}

// ---- MQTT connection ------------------------------------------------------------------------

void publishDeviceStatus() {
  char body[96];
  // uptime: seconds since boot (millis() wraps after 49 days; the seconds counter would too,
  // so the node reports the wrapped value and VoltWise shows what it is told).
  snprintf(body, sizeof(body), "{\"firmware\":\"%s\",\"rssi\":%d,\"uptime\":%lu}",
           FIRMWARE_VERSION, (int)WiFi.RSSI(), (unsigned long)(millis() / 1000));
  mqtt.publish(topicDeviceStatus, body, true);
  lastDeviceStatusAt = millis();
}

void buildTopics() {
  snprintf(topicBase, sizeof(topicBase), "homesync/%s/nodes/%s", HOME_ID, NODE_ID);
  snprintf(topicStatus, sizeof(topicStatus), "%s/status", topicBase);
  snprintf(topicRelayState, sizeof(topicRelayState), "%s/state/relay", topicBase);
  snprintf(topicCommand, sizeof(topicCommand), "%s/command/relay", topicBase);
  snprintf(topicResponse, sizeof(topicResponse), "%s/response/command", topicBase);
  snprintf(topicDeviceStatus, sizeof(topicDeviceStatus), "%s/device_status", topicBase);
  snprintf(clientId, sizeof(clientId), "voltwise-%s", NODE_ID);
}

void connectMqtt() {
  if (mqttAttempted && millis() - lastMqttAttemptAt < MQTT_RETRY_MS) {
    return;
  }
  mqttAttempted = true;
  lastMqttAttemptAt = millis();
  const char *user = MQTT_USER[0] ? MQTT_USER : nullptr;
  const char *password = MQTT_USER[0] ? MQTT_PASSWORD : nullptr;
  // Last will: the broker publishes a retained "offline" when the connection is lost.
  if (!mqtt.connect(clientId, user, password, topicStatus, 1, true, "offline")) {
    Serial.printf("MQTT connection failed, state %d\n", mqtt.state());
    return;
  }
  Serial.println("MQTT connected");
  mqtt.publish(topicStatus, "online", true);
  publishRelayState();
  publishDeviceStatus();
  mqtt.subscribe(topicCommand, 1);
}

// ---- telemetry ------------------------------------------------------------------------------

void publishMetric(const char *metric, float value, unsigned char decimals) {
  if (isnan(value)) {
    return;  // the PZEM gave no reading (no mains, wiring fault): publish nothing
  }
  char topic[TOPIC_LEN];
  char payload[24];
  snprintf(topic, sizeof(topic), "%s/telemetry/%s", topicBase, metric);
  dtostrf(value, 1, decimals, payload);
  mqtt.publish(topic, payload, false);
}

void publishTelemetry() {
  // The library reads all registers in one request and caches them for 200 ms.
  float voltage = pzem.voltage();
  float current = pzem.current();
  float power = pzem.power();
  float energy = pzem.energy();  // kWh
  float frequency = pzem.frequency();
  float pf = pzem.pf();
  publishMetric("power", power, 1);
  publishMetric("voltage", voltage, 1);
  publishMetric("current", current, 3);
  publishMetric("energy", energy, 3);
  publishMetric("frequency", frequency, 1);
  publishMetric("power_factor", pf, 2);
}

// ---- main -----------------------------------------------------------------------------------

void setup() {
  Serial.begin(115200);
  writeRelayPin(false);  // set the level before enabling the output: no glitch at boot
  pinMode(PIN_RELAY, OUTPUT);
  pinMode(PIN_BUTTON, INPUT_PULLUP);

  buildTopics();
  WiFi.mode(WIFI_STA);
  WiFi.setAutoReconnect(true);
  WiFi.begin(WIFI_SSID, WIFI_PASSWORD);

  mqtt.setServer(MQTT_HOST, MQTT_PORT);
  mqtt.setCallback(onMessage);
  mqtt.setBufferSize(512);
  mqtt.setKeepAlive(MQTT_KEEPALIVE_S);
  mqtt.setSocketTimeout(5);  // a failed connection attempt blocks the loop at most this long
}

void loop() {
  handleButton();
  if (WiFi.status() == WL_CONNECTED) {
    if (mqtt.connected()) {
      mqtt.loop();
    } else {
      connectMqtt();
    }
  }
  if (millis() - lastTelemetryAt >= TELEMETRY_INTERVAL_MS) {
    lastTelemetryAt = millis();
    if (mqtt.connected()) {
      publishTelemetry();
    }
  }
  if (mqtt.connected() && millis() - lastDeviceStatusAt >= DEVICE_STATUS_INTERVAL_MS) {
    publishDeviceStatus();
  }
}
