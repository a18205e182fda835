import type { ProfileInput } from "../../schema.js";

/**
 * `GET /ISAPI/System/capabilities` (DeviceCap) of a real DS-2CD2146G2-ISU on V5.7.17 build 240606, as captured:
 * real-responses/DS-2CD2146G2-ISU/System_capabilities.json (`response.DeviceCap`, hikvision_next
 * diagnostics dump @ f6dac0dabb26), unchanged — attributes as `@name`, text beside attributes
 * as `#text`, repeated elements as arrays, empty elements null. Values the device owns (the
 * SecurityCap salt, the web auth setting) are filled in per device when served
 * (http/isapi/system-capabilities.ts).
 */
export const DS_2CD2146G2_ISU_CAPABILITIES: NonNullable<ProfileInput["system"]>["capabilities"] = {
  "@version": "2.0",
  "@xmlns": "http://www.hikvision.com/ver20/XMLSchema",
  "SysCap": {
    "isSupportDst": "true",
    "NetworkCap": {
      "@version": "2.0",
      "@xmlns": "http://www.hikvision.com/ver20/XMLSchema",
      "isSupportWireless": "false",
      "isSupportPPPoE": "true",
      "isSupportBond": "false",
      "isSupport802_1x": "true",
      "isSupportNtp": "true",
      "isSupportFtp": "true",
      "isSupportUpnp": "true",
      "isSupportDdns": "true",
      "isSupportHttps": "true",
      "SnmpCap": {
        "isSupport": "true"
      },
      "isSupportExtNetCfg": "false",
      "isSupportIPFilter": "true",
      "isSupportEZVIZ": "true",
      "isSupportEhome": "true",
      "isSupportWirelessDial": "false",
      "isSupportWirelessServer": "false",
      "isSupportWPS": "false",
      "isWirelessMutexWithWirelessServer": "false",
      "isSupportMACFilter": "true",
      "isSupportRFIDData": "false",
      "isSupportwifiProbeSSID": "false",
      "isSupportWifiProbe": "false",
      "verificationCode": {
        "@min": "6",
        "@max": "12"
      },
      "VerificationCodeModification": {
        "verificationCodeType": {
          "@opt": "normal,empty",
          "#text": "normal"
        },
        "isSupportDeclarationURL": "true",
        "isSupportPrivacyPolicyURL": "true",
        "verificationCodeModify": {
          "@opt": "true,false",
          "#text": "true"
        },
        "Hyperlinks": {
          "declarationURL": "https://www.hik-connect.com/views/terms/termsofservice.html",
          "privacyPolicyURL": "https://www.hik-connect.com/views/terms/privacypolicy.html"
        }
      },
      "isSupportIntegrate": "true",
      "isSupportPlatformAccess": "false",
      "isSupportGetLinkSocketIP": "true",
      "isSupportWebSocket": "true",
      "isSupportWebSocketS": "true",
      "isSupportVideoImgDB": "false",
      "isSupportDynamicHostName": "true",
      "isSupportEmailEncrypt": "true"
    },
    "IOCap": {
      "@version": "2.0",
      "@xmlns": "http://www.hikvision.com/ver20/XMLSchema",
      "IOInputPortNums": "1",
      "IOOutputPortNums": "1",
      "isSupportStrobeLamp": "false"
    },
    "SerialCap": {
      "@version": "2.0",
      "@xmlns": "http://www.hikvision.com/ver20/XMLSchema",
      "rs485PortNums": "0",
      "supportRS232Config": "true",
      "rs422PortNums": "0",
      "rs232PortNums": "1"
    },
    "VideoCap": {
      "@version": "2.0",
      "@xmlns": "http://www.hikvision.com/ver20/XMLSchema",
      "videoInputPortNums": "0",
      "videoOutputPortNums": "0",
      "isSupportHeatmap": "false",
      "isSupportCounting": "false",
      "isSupportPicture": "false",
      "isSupportPrivacyMask": "true",
      "isSupportBinocularPreviewSwitch": "false",
      "isSupportCalibCheck": "false",
      "isSupportPIP": "false",
      "OSDLanguage": {
        "@opt": "GBK,EUC-KR,Hebrew",
        "@def": "GBK"
      },
      "isSupportVideoOutputMode": "false"
    },
    "AudioCap": {
      "@version": "2.0",
      "@xmlns": "http://www.hikvision.com/ver20/XMLSchema",
      "audioInputNums": "1",
      "audioOutputNums": "1"
    },
    "isSupportExternalDevice": "false",
    "isSupportSubscribeEvent": "true",
    "isSupportDiagnosedData": "true",
    "isSupportMetadata": "true",
    "supportSmartOverlapChannles": {
      "@opt": "1"
    }
  },
  "voicetalkNums": "1",
  "isSupportSnapshot": "true",
  "SecurityCap": {
    "@version": "2.0",
    "@xmlns": "http://www.hikvision.com/ver20/XMLSchema",
    "supportUserNums": "32",
    "userBondIpNums": "0",
    "userBondMacNums": "0",
    "isSupCertificate": "true",
    "issupIllegalLoginLock": "true",
    "isSupportOnlineUser": "true",
    "isSupportAnonymous": "false",
    "isSupportStreamEncryption": "false",
    "securityVersion": {
      "@opt": "1"
    },
    "keyIterateNum": "100",
    "isSupportUserCheck": "true",
    "isSupportSecurityQuestionConfig": "true",
    "supportSecurityNode": {
      "@opt": "wirelessDial"
    },
    "SecurityLimits": {
      "LoginPasswordLenLimit": {
        "@min": "1",
        "@max": "16"
      },
      "SecurityAnswerLenLimit": {
        "@min": "1",
        "@max": "128"
      }
    },
    "RSAKeyLength": {
      "@opt": "1024,2048",
      "@def": "2048"
    },
    "isSupportONVIFUserManagement": "true",
    "isSupportGB35114Certificate": "false",
    "isSupportSIPCertificatesManagement": "false",
    "WebCertificateCap": {
      "CertificateType": {
        "@opt": "digest,digest/basic"
      },
      "SecurityAlgorithm": {
        "algorithmType": {
          "@opt": "MD5,SHA256,MD5/SHA256"
        }
      }
    },
    "isSupportConfigFileImport": "true",
    "isSupportConfigFileExport": "true",
    "cfgFileSecretKeyLenLimit": {
      "@min": "1",
      "@max": "16"
    },
    "isSupportPasswordProtection": [
      "true",
      "true"
    ],
    "isIrreversible": "true",
    "salt": "3d45e398cf30552e35c756c66cc7e788b498cc316901108ab95a9af6885b6f19",
    "isSupportOnvifInfo": "true",
    "isSupportDeviceCertificatesManagement": "true",
    "isSupportDeviceSelfSignCertExport": "true",
    "isSupportSecurityEmail": "true",
    "maxIllegalLoginTimes": {
      "@min": "3",
      "@max": "20",
      "@def": "7"
    },
    "SecurityAdvanced": {
      "noOperationEnabled": "true",
      "noOperationTime": {
        "@min": "1",
        "@max": "60",
        "@def": "15"
      }
    },
    "LoginLinkNum": {
      "maxLinkNum": {
        "@min": "1",
        "@max": "128",
        "@def": "50"
      }
    },
    "isSupportCertificateCustomID": "true",
    "isSupportEncryptCertificate": "true",
    "maxIllegalLoginLockTime": {
      "@min": "1",
      "@max": "120",
      "@def": "30"
    },
    "isSupportSoftwareLicense": "true"
  },
  "EventCap": {
    "@version": "2.0",
    "@xmlns": "http://www.hikvision.com/ver20/XMLSchema",
    "isSupportHDFull": "true",
    "isSupportHDError": "true",
    "isSupportNicBroken": "true",
    "isSupportIpConflict": "true",
    "isSupportIllAccess": "true",
    "isSupportViException": "false",
    "isSupportViMismatch": "false",
    "isSupportRecordException": "false",
    "isSupportTriggerFocus": "false",
    "isSupportMotionDetection": "true",
    "isSupportVideoLoss": "false",
    "isSupportTamperDetection": "true",
    "isSupportStudentsStoodUp": "false",
    "isSupportFramesPeopleCounting": "false",
    "isSupportPersonQueueDetection": "false",
    "isSupportFaceContrast": "false",
    "isSupportFaceLib": "false",
    "isSupportFaceSnap": "false",
    "isSupportPersonDensityDetection": "false",
    "isSupportTeacherBehaviorDetect": "false",
    "isSupportCityManagement": "false",
    "isSupportMixedTargetDetection": "false",
    "isSupportFaceSnapModeling": "false",
    "isSupportIntersectionAnalysis": "false",
    "isSupportLuma": "false",
    "isSupportChroma": "false",
    "isSupportSnow": "false",
    "isSupportStreak": "false",
    "isSupportFreeze": "false",
    "isSupportSigLose": "false",
    "isSupportClarity": "false",
    "isSupportJitter": "false",
    "isSupportBlock": "false",
    "isSupportFlowers": "false",
    "isSupportNoise": "false",
    "isSupportGhost": "false",
    "isSupportPurple": "false",
    "isSupportICR": "false",
    "isSupportProtectiveFilm": "false"
  },
  "RacmCap": {
    "@version": "2.0",
    "@xmlns": "http://www.hikvision.com/ver20/XMLSchema",
    "nasNums": "8",
    "pictureSearchType": {
      "@opt": "allPic,CMR,MOTION,ALARM,LineDetection,FieldDetection,scenechangedetection,regionEntrance,regionExiting"
    },
    "recordSearchType": {
      "@opt": "CMR,MOTION,ALARM,EDR,ALARMANDMOTION,LineDetection,FieldDetection,scenechangedetection,regionEntrance,regionExiting,AllEvent"
    },
    "SecurityLog": {
      "isSupportSecurityLog": "true",
      "isSupportLogServer": "true",
      "isSupportLogServerTest": "true",
      "SecurityLogTypeList": {
        "SecurityLogType": [
          {
            "primaryType": "All",
            "secondaryType": {
              "@opt": "all"
            }
          },
          {
            "primaryType": "Operation",
            "secondaryType": {
              "@opt": "all,alarmSmsSend,callOnline,devicePowerOff,devicePowerOn,deviceRecycle,localAddIpc,localAddNas,localUserManagement,localCfgSecurity,localCfgNetwork,localCfgTime,localCfgPara,localCtrlPtz,localDelIpc,localDelNas,localDial,localDialParaSet,localDialScheduleSet,localDownloadCfgFile,localDownloadCountingFile,localDownloadHeatMapFile,localDownloadPicFile,localDownloadRecFile,localExportBlackWhiteListFile,localExportIpcCfg,localFormatDisk,localHdTest,localImportBlackWhiteListFile,localImportIpcCfg,localIpcUpgrade,localLock,localLockFile,localLogOut,localLogin,localManulAlarm,localPin,localPlayByFile,localPlayByTime,localResetPasswd,localSetIpc,localSetNas,localSetSIPServer,localSetSnmp,localSmsRead,localSmsSearch,localSmsSend,localSpareOperate,localStartPicRec,localStartRec,localStopPicRec,localStopRec,localTagOperation,localUnlock,localUnlockFile,localUpdate,localUploadCfgFile,localWhitelistSet,platOper,remoteAddIpc,remoteAddNas,remoteArm,remotecfgauditpolicy,remoteUserManagement,remoteCfgSecurity,remoteCfgNetwork,remoteCfgTime,remoteCfgPara,remoteCreateCloudStoragePool,remoteCtrlPtz,remoteDelHdisk,remoteDelIpc,remoteDelNas,remoteDeleteCloudStoragePool,remoteDeletePic,remoteDeleteRecord,remoteDialConnect,remoteDialDisconn,remoteDialParaSet,remoteDialScheduleSet,remoteDisArm,remoteDisableCloudStorage,remoteDownloadCfgFile,remoteDownloadRecFile,remoteEnableCloudStorage,remoteExportBlackWhiteListFile,remoteExportIpcCfg,remoteFormatHd,remoteGetParaSecurity,remoteGetParaNetwork,remoteGetPara,remoteGetStatus,remoteImportBlackWhiteListFile,VcaLibRestore,remoteImportIpcCfg,remoteLoadHdisk,remoteLockFile,remoteLogin,remoteLogout,remoteManulAlarm,remoteModCloudStorageParam,remoteModCloudStorageVolume,remotePicBackUp,remotePin,remotePlayByFile,remotePlayByTime,remotePowerOff,remotePowerRecycle,remoteSetIpc,remoteSetNas,remoteSetSIPServer,remoteSetSnmp,remoteSmsRead,remoteSmsSearch,remoteSmsSend,remoteSpareOperate,remoteStartPicRec,remoteStartRec,remoteStartTransChan,remoteStopPicRec,remoteStopRec,remoteStopTransChan,remoteTagOperation,remoteUnloadHdisk,remoteUnlockFile,remoteUpgrade,remoteUploadCfgFile,remoteWhitelistSet,remotelIpcUpgrade,smsControl,smsRecv,startVoiceTalk,stopAbnormal,stopVoiceTalk,localSetDeviceActive,localParamSimpleDefault,localParamFactoryDefault,remoteSetDeviceActive,remoteParamSimpleDefault,remoteParamFactoryDefault,localWPSLink,remoteWPSLink,localResetLoginPassWord,remoteResetLoginPassWord,localfaceBaseCreate,localfaceBaseModify,localfaceBaseDelete,localfaceDataAppend,localfaceDataEdit,localfaceDataDelete,localVcaAnalysisConfig,remotefaceBaseCreate,remotefaceBaseModify,remotefaceBaseDelete,remotefaceDataAppend,remotefaceDataEdit,remotefaceDataDelete,remoteVcaAnalysisConfig,localClusterNetworkConfig,localClusterAddDevice,localClusterDelDevice,remoteClusterNetworkConfig,remoteClusterAddDevice,remoteClusterDelDevice,localSetPoeWorkMode,remoteSetPoeWorkMode,localClusterModeConfig,remoteClusterModeConfig,localIOTCfgFileInput,localIOTCfgFileOutput,localIOTAdd,localIOTDelete,localIOTSet,remoteIOTCfgFileInput,remoteIOTCfgFileOutput,remoteIOTAdd,remoteIOTDelete,remoteIOTSet,localCheckTime,remoteCheckTime,remoteFaceContrastTask,unlockSession,terminateHttp,terminateHttps,terminateSSH,selfTest,remoterecplan,singlecertification"
            }
          },
          {
            "primaryType": "Event",
            "secondaryType": {
              "@opt": "all,anrRecordException,dialException,hdError,hdFull,illlegealAccess,ipConflict,ipcDisconnect,ipcIpConfilict,ipcmCrash,netBroken,poePowerException,recordError,recordOverFLow,spareException,startIpcMasException,uploadDataCsException,viAndResMismatch,videoException,videoFormatMismatch,videoLost,syncIPCPasswd,ezvizOffline,SDCardAbnormal,SDCardDamage,plateAbnormal,abnormalPort,POC,vcaCameraAngleAnomaly,dataDiskError,intelligentSystemRunningError,facesnapResolutionOverflow,SMDResolutionOverflow,clusterConfigFailed,clusterStorFullException,clusterOfflineNodeException,clusterRecordCycleException,clusterIPCTransferException,vcaSenceException,ClusterDeviceOffline,clusterDisasterToleranceExcept,clusterVersionException,getSubStreamFailure,locked,hddSHMDetectException,safetyHelmetException,faceModelException,validateCert,establishSecSession,replayAttacks,ntpCheckTime,lowAuditLogStorage,httpConnect,httpsConnect,sshConnect,httpDisconnect,httpsDisconnect,sshDisconnect,signcheck35114"
            }
          },
          {
            "primaryType": "Other",
            "secondaryType": {
              "@opt": "all"
            }
          }
        ]
      }
    },
    "isSupportRacmChannelsCap": {
      "@opt": "true,false",
      "#text": "true"
    }
  },
  "SmartCap": {
    "@version": "2.0",
    "@xmlns": "http://www.hikvision.com/ver20/XMLSchema",
    "isSupportROI": "true",
    "isSupportAudioDetection": "false",
    "isSupportFaceDetect": "false",
    "isSupportLineDetection": "true",
    "isSupportFieldDetection": "true",
    "isSupportRegionEntrance": "true",
    "isSupportRegionExiting": "true",
    "isSupportLoitering": "false",
    "isSupportGroup": "false",
    "isSupportRapidMove": "false",
    "isSupportParking": "false",
    "isSupportUnattendedBaggage": "false",
    "isSupportAttendedBaggage": "false",
    "isSupportSmartCalibration": "true",
    "isSupportIntelliTrace": "false",
    "isSupportPeopleDetection": "false",
    "isSupportDefocusDetection": "false",
    "isSupportSceneChangeDetection": "true",
    "isSupportStorageDetection": "false",
    "isSupportChannelResource": "false"
  },
  "WLAlarmCap": {
    "@version": "2.0",
    "@xmlns": "http://www.hikvision.com/ver20/XMLSchema",
    "isSupportTeleControl": "false",
    "isSupportPIR": "false",
    "isSupportWLSensors": "false",
    "isSupportCallHelp": "false",
    "WLSensorsNum": "8"
  },
  "isSupportGIS": "false",
  "isSupportCompass": "false",
  "isSupportRoadInfoOverlays": "false",
  "TestCap": {
    "@version": "2.0",
    "@xmlns": "http://www.hikvision.com/ver20/XMLSchema",
    "isSupportFTPTest": "true",
    "isSupportPingTest": "true",
    "isSupportNTPTest": "true",
    "isSupportNASTest": "true",
    "isSupportEmailTest": "true"
  },
  "PanoramaCap": {
    "@version": "2.0",
    "@xmlns": "http://www.hikvision.com/ver20/XMLSchema",
    "isSupportGeneratePanorama": "false",
    "isSupportPanoramaPosition3D": "false",
    "isSupportPreset": "false"
  },
  "isSupportFaceCaptureStatistics": "false",
  "isSupportElectronicsEnlarge": "true",
  "isSupportTraffic": "false",
  "isSupportRtspOverHTTPS": "true",
  "isSupportFirmwareVersionInfo": "true",
  "isSupportLaserSpotManual": "false",
  "isSupportSetupCalibration": "false",
  "isSupportPicInfoOverlap": "true",
  "isOnlySupportAnalogChannel": "true",
  "isSupportChannelEventCap": "true",
  "isSupportChannelEventListCap": "true",
  "VCAResourceChannelsCap": {
    "ChannelsList": {
      "channelsID": "1"
    }
  },
  "supportSnapshotChannel": {
    "@opt": "1",
    "#text": "1"
  },
  "isSupportGPSCalibratation": "false",
  "isSupportGPSLabelTracking": "false",
  "isSupportCalibrationStream": "false",
  "isSupportActiveMulticast": "true",
  "isSupportChannelFullEventCap": "true",
  "isSupportAUXInfoCap": "true",
  "isSupportVehicleMonitor": "false",
  "isSupportManualVehicleMonitor": "false",
  "isSupportSnapshotAsync": "true",
  "isSupportConvergenceCloud": "true",
  "isSupportAutoMaintenance": "true",
  "isSupportSIMCardStatus": "false",
  "isSupportISUPHttpPassthrough": "true",
  "DualVCA": {
    "overlapRangeType": {
      "@opt": "ruleRegion,fullScreen",
      "#text": "ruleRegion"
    }
  },
  "isSupportPosOverlayTest": "true",
  "isSupportFullScreenPosOverlay": "true",
  "isSupportFullScreenPosOverlayCap": "true",
  "isSupportTOFShelterAlarm": "false",
  "isSupportT1Test": "true"
};
